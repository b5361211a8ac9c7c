package io.toggleworks.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceNameMatcherTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "*|project/a:env/b:flag/c|true",
            "project/*|project/a|true",
            "project/a|project/a:env/prod:flag/x|true",
            "project/a:env/prod|project/a|false",
            "project/*:env/*:flag/*|project/a:env/b:flag/c|true",
            "project/*:env/*:flag/*|project/a:env/b:segment/c|false",
            "project/a*|project/abc|true",
            "project/a*|project/ba|false",
            "project/A|project/a|false",
            "project/*:env/*:flag/*;beta|project/a:env/b:flag/c;alpha,beta|true",
            "project/*:env/*:flag/*;be*|project/a:env/b:flag/c;beta|true",
            "project/*:env/*:flag/*;beta|project/a:env/b:flag/c;alpha|false",
            "project/*:env/*:flag/*;beta|project/a:env/b:flag/c|false",
            "project/*:env/*:flag/*|project/a:env/b:flag/c;alpha|true",
            "iam/*|iam/*|true",
            "access-token/*|iam/*|false",
            "''|project/a|false",
            "project/a|''|false",
            "*a*b*c*d*e*f*g|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|false",
    })
    void matches(String pattern, String rn, boolean expected) {
        assertThat(ResourceNameMatcher.matches(pattern, rn)).isEqualTo(expected);
    }
}

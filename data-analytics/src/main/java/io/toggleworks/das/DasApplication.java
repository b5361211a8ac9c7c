package io.toggleworks.das;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** FeatBit's Data Analytics Service (port 8200): flag insights, end-user lists and experiment results. */
@SpringBootApplication
public class DasApplication {
    public static void main(String[] args) {
        SpringApplication.run(DasApplication.class, args);
    }
}

package io.toggleworks.portal.web;

import io.toggleworks.portal.auth.SignInInterceptor;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class WebConfig implements WebMvcConfigurer {
    private final SignInInterceptor signIn;

    public WebConfig(SignInInterceptor signIn) {
        this.signIn = signIn;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(signIn).addPathPatterns("/**")
                .excludePathPatterns("/login", "/webjars/**", "/assets/**", "/favicon.ico", "/error", "/health");
    }
}

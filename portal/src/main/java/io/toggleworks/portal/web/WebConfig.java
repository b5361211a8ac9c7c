package io.toggleworks.portal.web;

import io.toggleworks.portal.auth.SignInInterceptor;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class WebConfig implements WebMvcConfigurer {
    private final SignInInterceptor signIn;
    private final CsrfInterceptor csrf;

    public WebConfig(SignInInterceptor signIn, CsrfInterceptor csrf) {
        this.signIn = signIn;
        this.csrf = csrf;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // CSRF first: a forged request must not even reach the sign-in redirect logic. Login and logout included.
        registry.addInterceptor(csrf).addPathPatterns("/**");
        registry.addInterceptor(signIn).addPathPatterns("/**")
                .excludePathPatterns("/login", "/webjars/**", "/assets/**", "/favicon.ico", "/error", "/health");
    }
}

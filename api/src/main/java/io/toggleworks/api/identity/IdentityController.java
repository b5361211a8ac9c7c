package io.toggleworks.api.identity;

import io.toggleworks.api.security.Anonymous;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.JwtService;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.Validation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Email/password login, refresh-token rotation, logout and password change (api.md §4.2). */
@RestController
@RequestMapping("/api/v1/identity")
public class IdentityController {
    static final String COOKIE = "refresh-token";
    static final String COOKIE_PATH = "/api/v1/identity";

    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final JwtService jwt;
    private final TransactionTemplate tx;

    public IdentityController(UserStore users, RefreshTokenStore refreshTokens, JwtService jwt, TransactionTemplate tx) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.jwt = jwt;
        this.tx = tx;
    }

    public record LoginByEmail(String email, String password) {
    }

    public record LoginResult(boolean isSsoFirstLogin, String token) {
    }

    public record ResetPassword(String currentPassword, String newPassword) {
    }

    public record ResetPasswordResult(boolean success, String reason) {
    }

    @Anonymous
    @PostMapping("/login-by-email")
    public ApiResponse<?> loginByEmail(@RequestBody LoginByEmail body, HttpServletRequest request,
                                       HttpServletResponse response) {
        Validation.of().email("email", body.email()).required("password", body.password()).check();
        Optional<User> user = users.findByEmail(body.email().trim())
                .filter(u -> PasswordHasher.verify(u.password(), body.password()));
        if (user.isEmpty()) {
            // FeatBit answers a failed login with 200 and success=false.
            return ApiResponse.error(ErrorCodes.EMAIL_PASSWORD_MISMATCH);
        }
        User u = user.get();
        if (PasswordHasher.needsRehash(u.password())) {
            users.updatePassword(u.id(), PasswordHasher.hash(body.password()), false);
        }
        String refresh = refreshTokens.create(u.id(), ClientIp.of(request));
        setCookie(request, response, refresh, RefreshTokenStore.LIFETIME);
        return ApiResponse.ok(new LoginResult(false, jwt.issue(u.id())));
    }

    @Anonymous
    @PostMapping("/refresh-token")
    public ApiResponse<LoginResult> refreshToken(@CookieValue(name = COOKIE, required = false) String cookie,
                                                 HttpServletRequest request, HttpServletResponse response) {
        if (cookie == null || cookie.isBlank()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, ErrorCodes.required("refresh-token"));
        }
        String ip = ClientIp.of(request);
        String next = RefreshTokenStore.newRaw();
        Optional<RefreshTokenStore.Active> rotated = tx.execute(status -> {
            Optional<RefreshTokenStore.Active> active = refreshTokens.findActive(cookie);
            if (active.isEmpty() || !refreshTokens.revoke(cookie, ip, Optional.of(next))) {
                return Optional.<RefreshTokenStore.Active>empty();
            }
            refreshTokens.insert(next, active.get().userId(), ip);
            return active;
        });
        if (rotated == null || rotated.isEmpty()) {
            setCookie(request, response, "", Duration.ZERO);
            throw new ApiException(HttpStatus.UNAUTHORIZED, ErrorCodes.invalid("RefreshTokens"));
        }
        setCookie(request, response, next, RefreshTokenStore.LIFETIME);
        return ApiResponse.ok(new LoginResult(false, jwt.issue(rotated.get().userId())));
    }

    @PostMapping("/logout")
    public ApiResponse<Boolean> logout(Caller caller, @CookieValue(name = COOKIE, required = false) String cookie,
                                       HttpServletRequest request, HttpServletResponse response) {
        if (cookie != null && !cookie.isBlank()) {
            refreshTokens.revoke(cookie, ClientIp.of(request), Optional.empty());
        }
        setCookie(request, response, "", Duration.ZERO);
        return ApiResponse.ok(true);
    }

    @PutMapping("/reset-password")
    public ApiResponse<ResetPasswordResult> resetPassword(Caller caller, @RequestBody ResetPassword body) {
        Validation.of().required("currentPassword", body.currentPassword()).required("newPassword", body.newPassword()).check();
        Validation.of().that(body.newPassword().length() >= 6, ErrorCodes.PASSWORD_TOO_SHORT)
                .maxLength("newPassword", body.newPassword(), 128).check();
        User user = users.find(caller.userId()).orElseThrow(ApiException::unauthorized);
        if (!User.LOCAL.equals(user.origin())) {
            return ApiResponse.ok(new ResetPasswordResult(false, "ExternalUserCannotChangePassword"));
        }
        if (!PasswordHasher.verify(user.password(), body.currentPassword())) {
            return ApiResponse.ok(new ResetPasswordResult(false, ErrorCodes.EMAIL_PASSWORD_MISMATCH));
        }
        users.updatePassword(user.id(), PasswordHasher.hash(body.newPassword()), true);
        return ApiResponse.ok(new ResetPasswordResult(true, ""));
    }

    /** HttpOnly, SameSite=Lax, scoped to the identity routes; Secure whenever the request came over HTTPS. */
    private static void setCookie(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
        boolean secure = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        ResponseCookie cookie = ResponseCookie.from(COOKIE, value).path(COOKIE_PATH).httpOnly(true).sameSite("Lax")
                .secure(secure).maxAge(maxAge).build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }
}

package io.toggleworks.portal.auth;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.LoginResult;
import io.toggleworks.portal.apiclient.Onboarding;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.shell.ShellFactory;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign in and out, onboarding, and the organization / environment switcher. */
@Controller
public class AuthController {
    private final PortalApi api;
    private final PortalSession session;
    private final Tenancy tenancy;
    private final ShellFactory shells;

    public AuthController(PortalApi api, PortalSession session, Tenancy tenancy, ShellFactory shells) {
        this.api = api;
        this.session = session;
        this.tenancy = tenancy;
        this.shells = shells;
    }

    /** The login form; {@code form} keeps what was typed after a failure (never the password). */
    public record LoginForm(String email, String redirect) {}

    @GetMapping("/login")
    public String loginPage(@RequestParam(required = false) String redirect, @RequestParam(required = false) String expired, Model model) {
        if (session.signedIn() && expired == null) return "redirect:/";
        model.addAttribute("form", new LoginForm("", safeRedirect(redirect)));
        model.addAttribute("errors", expired != null ? ApiErrors.page("Your session has expired. Sign in again.") : ApiErrors.NONE);
        return "auth/login";
    }

    @PostMapping("/login")
    public String login(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                        @RequestParam(required = false) String redirect, Model model, HttpServletRequest request) {
        ApiErrors errors = ApiErrors.NONE;
        if (email.isBlank()) errors = ApiErrors.field("email", "Enter your email.");
        else if (password.isEmpty()) errors = ApiErrors.field("password", "Enter your password.");
        if (!errors.any()) {
            try {
                LoginResult result = api.login(email.trim(), password);
                if (request.getSession(false) != null) request.changeSessionId(); // a fresh session id at privilege change
                io.toggleworks.portal.web.Csrf.rotate(request.getSession()); // and a fresh CSRF token (ADR 0090)
                session.signIn(result.token(), result.refreshToken());
                tenancy.load();
                String target = safeRedirect(redirect);
                return "redirect:" + (tenancy.needsOnboarding() ? "/onboarding" : target == null ? "/feature-flags" : target);
            } catch (ApiException e) {
                session.signOut();
                errors = e.errors().contains("EmailPasswordMismatch") || e.status() == 400 && e.errors().stream().anyMatch(c -> c.startsWith("email"))
                        ? ApiErrors.of(e) : ApiErrors.of(e);
            }
        }
        model.addAttribute("form", new LoginForm(email, safeRedirect(redirect)));
        model.addAttribute("errors", errors);
        return "auth/login";
    }

    /** Only same-site paths, so the login page cannot be used to bounce users elsewhere. */
    static String safeRedirect(String redirect) {
        if (redirect == null || !redirect.startsWith("/") || redirect.startsWith("//") || redirect.contains("\\")) return null;
        return redirect;
    }

    @PostMapping("/logout")
    public String logout(HttpServletRequest request) {
        try {
            if (session.signedIn()) api.logout();
        } catch (RuntimeException ignored) {
            // Signing out of the portal must work even when the API is down or the token already expired.
        }
        session.signOut();
        request.getSession().invalidate();
        return "redirect:/login";
    }

    @GetMapping("/")
    public String home() {
        return tenancy.needsOnboarding() ? "redirect:/onboarding" : "redirect:/feature-flags";
    }

    public record OnboardingForm(int step, String organizationName, String organizationKey, String projectName, String projectKey) {}

    @GetMapping("/onboarding")
    public String onboarding(Model model) {
        var org = session.organization().orElse(null);
        if (org != null && org.initialized() && !tenancy.needsOnboarding()) return "redirect:/feature-flags";
        model.addAttribute("form", new OnboardingForm(1, org == null ? "" : org.name(), org == null ? "" : org.key(), "", ""));
        model.addAttribute("errors", ApiErrors.NONE);
        return "auth/onboarding";
    }

    @PostMapping("/onboarding")
    public String onboard(@RequestParam(defaultValue = "1") int step, @RequestParam(defaultValue = "") String organizationName,
                          @RequestParam(defaultValue = "") String organizationKey, @RequestParam(defaultValue = "") String projectName,
                          @RequestParam(defaultValue = "") String projectKey, @RequestParam(defaultValue = "") String back, Model model) {
        var form = new OnboardingForm(step, organizationName.trim(), organizationKey.trim(), projectName.trim(), projectKey.trim());
        ApiErrors errors = ApiErrors.NONE;
        if (!back.isEmpty()) {
            form = new OnboardingForm(1, form.organizationName(), form.organizationKey(), form.projectName(), form.projectKey());
        } else if (step == 1) {
            errors = requireNameAndKey(form.organizationName(), form.organizationKey(), "organizationName", "organizationKey");
            if (!errors.any()) form = new OnboardingForm(2, form.organizationName(), form.organizationKey(), form.projectName(), form.projectKey());
        } else if (step == 2) {
            errors = requireNameAndKey(form.projectName(), form.projectKey(), "projectName", "projectKey");
            if (!errors.any()) {
                try {
                    api.onboard(new Onboarding(form.organizationName(), form.organizationKey(), form.projectName(), form.projectKey(), List.of("Dev", "Prod")));
                    tenancy.reloadOrganizations();
                    form = new OnboardingForm(3, form.organizationName(), form.organizationKey(), form.projectName(), form.projectKey());
                } catch (ApiException e) {
                    errors = ApiErrors.of(e);
                    if (errors.fields().keySet().stream().anyMatch(f -> f.startsWith("organization"))) {
                        form = new OnboardingForm(1, form.organizationName(), form.organizationKey(), form.projectName(), form.projectKey());
                    }
                }
            }
        }
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "auth/onboarding";
    }

    private static ApiErrors requireNameAndKey(String name, String key, String nameField, String keyField) {
        var fields = new java.util.LinkedHashMap<String, String>();
        if (name.isBlank()) fields.put(nameField, "Enter a name.");
        if (key.isBlank()) fields.put(keyField, "Enter a key.");
        else if (!key.matches("[a-zA-Z0-9._-]+")) fields.put(keyField, "Use letters, digits, '.', '_' and '-' only.");
        return fields.isEmpty() ? ApiErrors.NONE : new ApiErrors(Map.copyOf(fields), List.of());
    }

    @PostMapping("/switch/org")
    public String switchOrganization(@RequestParam String orgId) {
        tenancy.switchOrganization(orgId);
        return "redirect:/";
    }

    @PostMapping("/switch/env")
    public String switchEnvironment(@RequestParam String envId, @RequestParam(defaultValue = "") String section) {
        session.selectEnvironment(envId);
        // Stay in the same area of the portal; a detail page of the old environment would not exist in the new one.
        String target = switch (section) {
            case "segments" -> "/segments";
            case "users" -> "/users";
            case "audit" -> "/audit-logs";
            case "projects" -> "/organization/projects";
            case "get-started" -> "/get-started";
            default -> "/feature-flags";
        };
        return "redirect:" + target;
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}

package io.toggleworks.portal.settings;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.DefaultPermissions;
import io.toggleworks.portal.apiclient.Environment;
import io.toggleworks.portal.apiclient.Organization;
import io.toggleworks.portal.apiclient.OrgSettings;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.apiclient.Profile;
import io.toggleworks.portal.auth.PortalSession;
import io.toggleworks.portal.auth.Tenancy;
import io.toggleworks.portal.flags.SdkSnippets;
import io.toggleworks.portal.shell.ShellFactory;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Organization settings, the user's profile and password, and the SDK quick start. */
@Controller
public class OrganizationController {
    private final PortalApi api;
    private final PortalSession session;
    private final Tenancy tenancy;
    private final ShellFactory shells;
    private final String evaluationUrl;
    private final String apiUrl;

    public OrganizationController(PortalApi api, PortalSession session, Tenancy tenancy, ShellFactory shells,
                                  @Value("${portal.evaluation-url}") String evaluationUrl, @Value("${portal.api-url}") String apiUrl) {
        this.api = api;
        this.session = session;
        this.tenancy = tenancy;
        this.shells = shells;
        this.evaluationUrl = evaluationUrl;
        this.apiUrl = apiUrl;
    }

    public record OrgForm(String name, String flagSortedBy) {}

    @GetMapping("/organization")
    public String organization(Model model) {
        Organization org = session.organization().orElseThrow(() -> new ApiException(404, List.of("ResourceNotFound")));
        return orgPage(new OrgForm(org.name(), org.settings() == null ? "created_at" : org.settings().flagSortedBy()), ApiErrors.NONE, model);
    }

    private String orgPage(OrgForm form, ApiErrors errors, Model model) {
        model.addAttribute("shell", shells.shell("Organization", "org"));
        model.addAttribute("org", session.organization().orElse(null));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "settings/organization";
    }

    @PostMapping("/organization")
    public String saveOrganization(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "created_at") String flagSortedBy,
                                   Model model, RedirectAttributes redirect) {
        Organization org = session.organization().orElseThrow(() -> new ApiException(404, List.of("ResourceNotFound")));
        var form = new OrgForm(name, flagSortedBy);
        if (name.isBlank()) return orgPage(form, ApiErrors.field("name", "Enter a name."), model);
        try {
            DefaultPermissions perms = org.defaultPermissions() == null ? new DefaultPermissions(List.of(), List.of()) : org.defaultPermissions();
            api.updateOrganization(name.trim(), perms, new OrgSettings(flagSortedBy.equals("key") ? "key" : "created_at"));
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return orgPage(form, ApiErrors.of(e), model);
        }
        tenancy.reloadOrganizations();
        redirect.addFlashAttribute("flash", "Organization saved.");
        return "redirect:/organization";
    }

    @GetMapping("/organization/profile")
    public String profile(Model model) {
        Profile p = session.profile();
        return profilePage(p.name(), p.email(), ApiErrors.NONE, ApiErrors.NONE, model);
    }

    private String profilePage(String name, String email, ApiErrors errors, ApiErrors passwordErrors, Model model) {
        model.addAttribute("shell", shells.shell("Profile", "profile"));
        model.addAttribute("name", name);
        model.addAttribute("email", email);
        model.addAttribute("errors", errors);
        model.addAttribute("passwordErrors", passwordErrors);
        return "settings/profile";
    }

    @PostMapping("/organization/profile")
    public String saveProfile(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String email,
                              Model model, RedirectAttributes redirect) {
        if (name.isBlank() || email.isBlank()) {
            return profilePage(name, email, name.isBlank() ? ApiErrors.field("name", "Enter a name.") : ApiErrors.field("email", "Enter an email."), ApiErrors.NONE, model);
        }
        try {
            session.profile(api.updateProfile(name.trim(), email.trim()));
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return profilePage(name, email, ApiErrors.of(e), ApiErrors.NONE, model);
        }
        redirect.addFlashAttribute("flash", "Profile saved.");
        return "redirect:/organization/profile";
    }

    @PostMapping("/organization/profile/password")
    public String changePassword(@RequestParam(defaultValue = "") String currentPassword, @RequestParam(defaultValue = "") String newPassword,
                                 @RequestParam(defaultValue = "") String confirmPassword, Model model, RedirectAttributes redirect) {
        Profile p = session.profile();
        ApiErrors errors = ApiErrors.NONE;
        if (currentPassword.isEmpty()) errors = ApiErrors.field("currentPassword", "Enter your current password.");
        else if (newPassword.length() < 6) errors = ApiErrors.field("newPassword", "The password needs at least 6 characters.");
        else if (!newPassword.equals(confirmPassword)) errors = ApiErrors.field("confirmPassword", "The two passwords differ.");
        if (!errors.any()) {
            try {
                api.resetPassword(currentPassword, newPassword);
                redirect.addFlashAttribute("flash", "Password changed.");
                return "redirect:/organization/profile";
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = e.errors().contains("EmailPasswordMismatch") ? ApiErrors.field("currentPassword", "This is not your current password.") : ApiErrors.of(e);
            }
        }
        return profilePage(p.name(), p.email(), ApiErrors.NONE, errors, model);
    }

    @GetMapping("/get-started")
    public String getStarted(Model model) {
        Environment env = session.environment().orElse(null);
        model.addAttribute("shell", shells.shell("Get started", "get-started"));
        model.addAttribute("env", env);
        model.addAttribute("serverKey", SdkSnippets.secret(env, "server"));
        model.addAttribute("clientKey", SdkSnippets.secret(env, "client"));
        model.addAttribute("evaluationUrl", evaluationUrl);
        model.addAttribute("apiUrl", apiUrl);
        model.addAttribute("flags", api.flags(env.id(), new io.toggleworks.portal.apiclient.FlagFilter("", List.of(), null, false, null, 0, 5)));
        return "settings/getStarted";
    }
}

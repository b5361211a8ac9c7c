package io.toggleworks.portal.settings;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.Environment;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.apiclient.Project;
import io.toggleworks.portal.apiclient.Secret;
import io.toggleworks.portal.auth.PortalSession;
import io.toggleworks.portal.auth.Tenancy;
import io.toggleworks.portal.shell.ShellFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Projects and their environments, with each environment's server and client secrets. */
@Controller
public class ProjectController {
    private final PortalApi api;
    private final PortalSession session;
    private final Tenancy tenancy;
    private final ShellFactory shells;

    public ProjectController(PortalApi api, PortalSession session, Tenancy tenancy, ShellFactory shells) {
        this.api = api;
        this.session = session;
        this.tenancy = tenancy;
        this.shells = shells;
    }

    /** A failed form: which one ({@code project} or {@code env:<projectId>}), what was typed, the errors. */
    public record Failed(String form, Map<String, String> values, ApiErrors errors) {
        public String value(String name) {
            return values.getOrDefault(name, "");
        }

        public boolean is(String f) {
            return form.equals(f);
        }
    }

    static final Failed NONE = new Failed("", Map.of(), ApiErrors.NONE);

    @GetMapping("/organization/projects")
    public String projects(Model model) {
        tenancy.reloadProjects();
        return page(NONE, model);
    }

    private String page(Failed failed, Model model) {
        model.addAttribute("shell", shells.shell("Projects", "projects"));
        model.addAttribute("projects", session.projects());
        model.addAttribute("failed", failed);
        return "settings/projects";
    }

    private static Map<String, String> nameKey(String name, String key) {
        Map<String, String> p = new LinkedHashMap<>();
        if (name.isBlank()) p.put("name", "Enter a name.");
        if (key.isBlank()) p.put("key", "Enter a key.");
        else if (!key.matches("[a-zA-Z0-9._-]+")) p.put("key", "Use letters, digits, '.', '_' and '-' only.");
        return p;
    }

    @PostMapping("/organization/projects")
    public String createProject(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String key,
                                Model model, RedirectAttributes redirect) {
        Map<String, String> problems = nameKey(name, key);
        ApiErrors errors = new ApiErrors(problems, List.of());
        if (problems.isEmpty()) {
            try {
                api.createProject(name.trim(), key.trim());
                tenancy.reloadProjects();
                redirect.addFlashAttribute("flash", "Project " + name.trim() + " created with environments Prod and Dev.");
                return "redirect:/organization/projects";
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return page(new Failed("project", Map.of("name", name, "key", key), errors), model);
    }

    @PostMapping("/organization/projects/{projectId}/rename")
    public String renameProject(@PathVariable String projectId, @RequestParam(defaultValue = "") String name, Model model, RedirectAttributes redirect) {
        try {
            api.updateProject(projectId, name.trim());
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return page(new Failed("rename:" + projectId, Map.of("name", name), ApiErrors.of(e)), model);
        }
        tenancy.reloadProjects();
        redirect.addFlashAttribute("flash", "Project renamed.");
        return "redirect:/organization/projects";
    }

    @PostMapping("/organization/projects/{projectId}/delete")
    public String deleteProject(@PathVariable String projectId, RedirectAttributes redirect) {
        api.deleteProject(projectId);
        tenancy.reloadProjects();
        redirect.addFlashAttribute("flash", "Project removed.");
        return "redirect:/organization/projects";
    }

    @PostMapping("/organization/projects/{projectId}/envs")
    public String createEnvironment(@PathVariable String projectId, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String key,
                                    @RequestParam(defaultValue = "") String description, Model model, RedirectAttributes redirect) {
        Map<String, String> problems = nameKey(name, key);
        ApiErrors errors = new ApiErrors(problems, List.of());
        if (problems.isEmpty()) {
            try {
                api.createEnvironment(projectId, name.trim(), key.trim(), description);
                tenancy.reloadProjects();
                redirect.addFlashAttribute("flash", "Environment " + name.trim() + " created.");
                return "redirect:/organization/projects";
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return page(new Failed("env:" + projectId, Map.of("name", name, "key", key, "description", description), errors), model);
    }

    @PostMapping("/organization/projects/{projectId}/envs/{envId}")
    public String updateEnvironment(@PathVariable String projectId, @PathVariable String envId, @RequestParam(defaultValue = "") String name,
                                    @RequestParam(defaultValue = "") String description, Model model, RedirectAttributes redirect) {
        ApiErrors errors = name.isBlank() ? ApiErrors.field("name", "Enter a name.") : ApiErrors.NONE;
        if (!errors.any()) {
            try {
                api.updateEnvironment(projectId, envId, name.trim(), description);
                tenancy.reloadProjects();
                redirect.addFlashAttribute("flash", "Environment " + name.trim() + " saved.");
                return "redirect:/organization/projects";
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return page(new Failed("editEnv:" + envId, Map.of("name", name, "description", description), errors), model);
    }

    @PostMapping("/organization/projects/{projectId}/envs/{envId}/delete")
    public String deleteEnvironment(@PathVariable String projectId, @PathVariable String envId, RedirectAttributes redirect) {
        api.deleteEnvironment(projectId, envId);
        tenancy.reloadProjects();
        redirect.addFlashAttribute("flash", "Environment removed.");
        return "redirect:/organization/projects";
    }

    /**
     * FeatBit has no "regenerate" route: a new secret of the same name and type is added, then the old one removed,
     * so SDKs using the old value stop connecting.
     */
    @PostMapping("/envs/{envId}/secrets/{secretId}/regenerate")
    public String regenerate(@PathVariable String envId, @PathVariable String secretId, RedirectAttributes redirect) {
        Secret old = session.projects().stream().flatMap(p -> p.environments().stream()).filter(e -> e.id().equals(envId))
                .flatMap(e -> e.secrets().stream()).filter(s -> s.id().equals(secretId)).findFirst()
                .orElseThrow(() -> new ApiException(404, List.of("ResourceNotFound")));
        api.createSecret(envId, old.name(), old.type());
        api.deleteSecret(envId, secretId);
        tenancy.reloadProjects();
        redirect.addFlashAttribute("flash", "Secret " + old.name() + " regenerated. Update the SDKs that used the old value.");
        return "redirect:/organization/projects";
    }

    static Environment unused(Project p) {
        return p.environments().getFirst();
    }
}

package io.toggleworks.portal.iam;

import io.toggleworks.portal.apiclient.AccessToken;
import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.Group;
import io.toggleworks.portal.apiclient.Policy;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.shell.ShellFactory;
import io.toggleworks.portal.web.FormParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** IAM (team members, groups, policies with their statements) and access tokens of the organization. */
@Controller
public class IamController {
    static final int PAGE_SIZE = 20;
    private final PortalApi api;
    private final ShellFactory shells;

    public IamController(PortalApi api, ShellFactory shells) {
        this.api = api;
        this.shells = shells;
    }

    /** A failed create form: the values typed and the errors. */
    public record Failed(Map<String, String> values, ApiErrors errors) {
        public static final Failed NONE = new Failed(Map.of(), ApiErrors.NONE);

        public String value(String name) {
            return values.getOrDefault(name, "");
        }

        public boolean any() {
            return errors.any();
        }
    }

    private static Map<String, String> required(Map<String, String> values, String... fields) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String f : fields) if (values.getOrDefault(f, "").isBlank()) p.put(f, "This field is required.");
        return p;
    }

    // ---- team ----

    @GetMapping("/iam/team")
    public String team(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "1") int page, Model model) {
        return teamPage(q, page, Failed.NONE, model);
    }

    private String teamPage(String q, int page, Failed failed, Model model) {
        int p = Math.max(1, page);
        model.addAttribute("shell", shells.shell("Team", "team"));
        model.addAttribute("q", q);
        model.addAttribute("page", p);
        model.addAttribute("members", api.members(q, p - 1, PAGE_SIZE));
        model.addAttribute("policies", api.policies(null, 0, 100).items());
        model.addAttribute("groups", api.groups(null, 0, 100).items());
        model.addAttribute("failed", failed);
        return "iam/team";
    }

    @PostMapping("/iam/team")
    public String addMember(@RequestParam(defaultValue = "") String email, @RequestParam(required = false) List<String> policyIds,
                            @RequestParam(required = false) List<String> groupIds, Model model, RedirectAttributes redirect) {
        Map<String, String> values = Map.of("email", email);
        Map<String, String> problems = required(values, "email");
        ApiErrors errors = new ApiErrors(problems, List.of());
        if (problems.isEmpty()) {
            try {
                api.addMember(email.trim(), policyIds == null ? List.of() : policyIds, groupIds == null ? List.of() : groupIds);
                redirect.addFlashAttribute("flash", email.trim() + " was added. New users get an initial password shown in the list.");
                return "redirect:/iam/team";
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return teamPage("", 1, new Failed(values, errors), model);
    }

    @PostMapping("/iam/team/{memberId}/remove")
    public String removeMember(@PathVariable String memberId, RedirectAttributes redirect) {
        api.removeMember(memberId);
        redirect.addFlashAttribute("flash", "Member removed from the organization.");
        return "redirect:/iam/team";
    }

    // ---- groups ----

    @GetMapping("/iam/groups")
    public String groups(@RequestParam(defaultValue = "1") int page, Model model) {
        return groupsPage(page, Failed.NONE, model);
    }

    private String groupsPage(int page, Failed failed, Model model) {
        int p = Math.max(1, page);
        model.addAttribute("shell", shells.shell("Groups", "groups"));
        model.addAttribute("groups", api.groups(null, p - 1, PAGE_SIZE));
        model.addAttribute("page", p);
        model.addAttribute("failed", failed);
        return "iam/groups";
    }

    @PostMapping("/iam/groups")
    public String createGroup(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
                              Model model, RedirectAttributes redirect) {
        Map<String, String> values = Map.of("name", name, "description", description);
        Map<String, String> problems = required(values, "name");
        ApiErrors errors = new ApiErrors(problems, List.of());
        if (problems.isEmpty()) {
            try {
                Group g = api.createGroup(name.trim(), description);
                return "redirect:/iam/groups/" + g.id();
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return groupsPage(1, new Failed(values, errors), model);
    }

    @GetMapping("/iam/groups/{id}")
    public String group(@PathVariable String id, Model model) {
        Group g = api.group(id);
        return groupPage(g, Failed.NONE, model);
    }

    private String groupPage(Group g, Failed failed, Model model) {
        model.addAttribute("shell", shells.shell(g.name(), "groups"));
        model.addAttribute("group", g);
        model.addAttribute("members", api.groupMembers(g.id(), true).items());
        model.addAttribute("policies", api.groupPolicies(g.id(), true).items());
        model.addAttribute("failed", failed);
        return "iam/group";
    }

    @PostMapping("/iam/groups/{id}")
    public String updateGroup(@PathVariable String id, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
                              Model model, RedirectAttributes redirect) {
        Map<String, String> values = Map.of("name", name, "description", description);
        if (name.isBlank()) return groupPage(api.group(id), new Failed(values, ApiErrors.field("name", "Enter a name.")), model);
        try {
            api.updateGroup(id, name.trim(), description);
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return groupPage(api.group(id), new Failed(values, ApiErrors.of(e)), model);
        }
        redirect.addFlashAttribute("flash", "Group saved.");
        return "redirect:/iam/groups/" + id;
    }

    @PostMapping("/iam/groups/{id}/members/{memberId}")
    public String setGroupMember(@PathVariable String id, @PathVariable String memberId, @RequestParam boolean member) {
        api.setGroupMember(id, memberId, member);
        return "redirect:/iam/groups/" + id;
    }

    @PostMapping("/iam/groups/{id}/policies/{policyId}")
    public String setGroupPolicy(@PathVariable String id, @PathVariable String policyId, @RequestParam boolean attached) {
        api.setGroupPolicy(id, policyId, attached);
        return "redirect:/iam/groups/" + id;
    }

    @PostMapping("/iam/groups/{id}/delete")
    public String deleteGroup(@PathVariable String id, RedirectAttributes redirect) {
        api.deleteGroup(id);
        redirect.addFlashAttribute("flash", "Group removed.");
        return "redirect:/iam/groups";
    }

    // ---- policies ----

    @GetMapping("/iam/policies")
    public String policies(@RequestParam(defaultValue = "1") int page, Model model) {
        return policiesPage(page, Failed.NONE, model);
    }

    private String policiesPage(int page, Failed failed, Model model) {
        int p = Math.max(1, page);
        model.addAttribute("shell", shells.shell("Policies", "policies"));
        model.addAttribute("policies", api.policies(null, p - 1, PAGE_SIZE));
        model.addAttribute("page", p);
        model.addAttribute("failed", failed);
        return "iam/policies";
    }

    @PostMapping("/iam/policies")
    public String createPolicy(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String key,
                               @RequestParam(defaultValue = "") String description, Model model) {
        Map<String, String> values = Map.of("name", name, "key", key, "description", description);
        Map<String, String> problems = required(values, "name", "key");
        ApiErrors errors = new ApiErrors(problems, List.of());
        if (problems.isEmpty()) {
            try {
                Policy created = api.createPolicy(name.trim(), key.trim(), description);
                return "redirect:/iam/policies/" + created.id();
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return policiesPage(1, new Failed(values, errors), model);
    }

    @GetMapping("/iam/policies/{id}")
    public String policy(@PathVariable String id, Model model) {
        Policy policy = api.policy(id);
        return policyPage(policy, StatementRows.from(policy.statements()), Map.of(), ApiErrors.NONE, model);
    }

    private String policyPage(Policy policy, List<StatementRows.Row> rows, Map<String, String> problems, ApiErrors errors, Model model) {
        model.addAttribute("shell", shells.shell(policy.name(), "policies"));
        model.addAttribute("policy", policy);
        model.addAttribute("rows", rows);
        model.addAttribute("problems", problems);
        model.addAttribute("errors", errors);
        return "iam/policy";
    }

    @PostMapping("/iam/policies/{id}/statements")
    public String saveStatements(@PathVariable String id, @RequestParam MultiValueMap<String, String> params,
                                 @RequestParam(defaultValue = "") String action, Model model, RedirectAttributes redirect) {
        Policy policy = api.policy(id);
        List<StatementRows.Row> rows = StatementRows.parse(new FormParams(params));
        if (!action.isEmpty() && !action.equals("save")) return policyPage(policy, StatementRows.apply(rows, action), Map.of(), ApiErrors.NONE, model);
        Map<String, String> problems = StatementRows.problems(rows);
        if (!problems.isEmpty()) return policyPage(policy, rows, problems, ApiErrors.page("Fix the highlighted statements, then save again."), model);
        try {
            api.updatePolicyStatements(id, StatementRows.toWire(rows));
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return policyPage(policy, rows, Map.of(), ApiErrors.of(e), model);
        }
        redirect.addFlashAttribute("flash", "Permissions saved.");
        return "redirect:/iam/policies/" + id;
    }

    @PostMapping("/iam/policies/{id}/delete")
    public String deletePolicy(@PathVariable String id, RedirectAttributes redirect) {
        api.deletePolicy(id);
        redirect.addFlashAttribute("flash", "Policy removed.");
        return "redirect:/iam/policies";
    }

    // ---- access tokens ----

    @GetMapping("/integrations/access-tokens")
    public String tokens(@RequestParam(defaultValue = "1") int page, Model model) {
        return tokensPage(page, Failed.NONE, List.of(new StatementRows.Row("st-1", "flag", "allow", "*", "project/*:env/*:flag/*")), null, model);
    }

    private String tokensPage(int page, Failed failed, List<StatementRows.Row> rows, AccessToken created, Model model) {
        int p = Math.max(1, page);
        model.addAttribute("shell", shells.shell("Access tokens", "tokens"));
        model.addAttribute("tokens", api.accessTokens(null, p - 1, PAGE_SIZE));
        model.addAttribute("page", p);
        model.addAttribute("failed", failed);
        model.addAttribute("rows", rows);
        model.addAttribute("created", created);
        return "iam/tokens";
    }

    @PostMapping("/integrations/access-tokens")
    public String createToken(@RequestParam MultiValueMap<String, String> params, @RequestParam(defaultValue = "") String action, Model model) {
        FormParams form = new FormParams(params);
        String name = form.get("name");
        String type = "Service".equals(form.get("type")) ? "Service" : "Personal";
        List<StatementRows.Row> rows = StatementRows.parse(form);
        Map<String, String> values = Map.of("name", name, "type", type);
        if (!action.isEmpty() && !action.equals("save")) {
            return tokensPage(1, new Failed(values, ApiErrors.NONE), StatementRows.apply(rows, action), null, model.addAttribute("open", true));
        }
        Map<String, String> problems = new LinkedHashMap<>(required(values, "name"));
        if (type.equals("Service")) problems.putAll(StatementRows.problems(rows));
        ApiErrors errors = new ApiErrors(problems, List.of());
        if (problems.isEmpty()) {
            try {
                AccessToken created = api.createAccessToken(name.trim(), type, type.equals("Service") ? StatementRows.toWire(rows) : List.of());
                return tokensPage(1, Failed.NONE, rows, created, model);
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return tokensPage(1, new Failed(values, errors), rows, null, model);
    }

    @PostMapping("/integrations/access-tokens/{id}/toggle")
    public String toggleToken(@PathVariable String id) {
        api.toggleAccessToken(id);
        return "redirect:/integrations/access-tokens";
    }

    @PostMapping("/integrations/access-tokens/{id}/delete")
    public String deleteToken(@PathVariable String id, RedirectAttributes redirect) {
        api.deleteAccessToken(id);
        redirect.addFlashAttribute("flash", "Access token removed.");
        return "redirect:/integrations/access-tokens";
    }
}

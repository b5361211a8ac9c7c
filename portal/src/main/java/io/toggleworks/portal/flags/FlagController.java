package io.toggleworks.portal.flags;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.AuditFilter;
import io.toggleworks.portal.apiclient.EndUserProperty;
import io.toggleworks.portal.apiclient.FeatureFlag;
import io.toggleworks.portal.apiclient.FlagFilter;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.apiclient.SegmentVm;
import io.toggleworks.portal.apiclient.Variation;
import io.toggleworks.portal.auth.PortalSession;
import io.toggleworks.portal.shell.ShellFactory;
import io.toggleworks.portal.web.FormParams;
import io.toggleworks.portal.web.Views;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Feature flags of the current environment: list, create, toggle, archive, and the flag's detail tabs. */
@Controller
public class FlagController {
    static final int PAGE_SIZE = 20;
    private final PortalApi api;
    private final PortalSession session;
    private final ShellFactory shells;
    private final String evaluationUrl;

    public FlagController(PortalApi api, PortalSession session, ShellFactory shells,
                          @org.springframework.beans.factory.annotation.Value("${portal.evaluation-url}") String evaluationUrl) {
        this.api = api;
        this.session = session;
        this.shells = shells;
        this.evaluationUrl = evaluationUrl;
    }

    private String env() {
        return session.envId();
    }

    // ---- list ----

    @GetMapping("/feature-flags")
    public String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String status,
                       @RequestParam(required = false) List<String> tags, @RequestParam(defaultValue = "false") boolean archived,
                       @RequestParam(defaultValue = "1") int page, Model model, HttpServletRequest request) {
        model.addAttribute("view", listView(q, status, tags, archived, page));
        if (Views.isHtmx(request) && "flag-filters".equals(request.getHeader("HX-Trigger"))) {
            return "flags/results";
        }
        model.addAttribute("shell", shells.shell("Feature flags", "flags"));
        if (!model.containsAttribute("create")) model.addAttribute("create", CreateFlagForm.blank());
        model.addAttribute("createErrors", ApiErrors.NONE);
        model.addAttribute("createOpen", false);
        return "flags/list";
    }

    private FlagListView listView(String q, String status, List<String> tags, boolean archived, int page) {
        List<String> tagList = tags == null ? List.of() : tags.stream().filter(t -> !t.isBlank()).toList();
        Boolean enabled = switch (status) {
            case "enabled" -> Boolean.TRUE;
            case "disabled" -> Boolean.FALSE;
            default -> null;
        };
        int p = Math.max(1, page);
        String sortBy = session.organization().map(o -> o.settings() == null ? null : o.settings().flagSortedBy()).orElse(null);
        var result = api.flags(env(), new FlagFilter(q.trim(), tagList, enabled, archived, sortBy, p - 1, PAGE_SIZE));
        return new FlagListView(q, status, tagList, archived, p, PAGE_SIZE, result, api.flagTags(env()));
    }

    /** Re-renders the create dialog's body after a type change or adding/removing a variation row. */
    @PostMapping("/feature-flags/create-form")
    public String createForm(@RequestParam org.springframework.util.MultiValueMap<String, String> params, @RequestParam(defaultValue = "") String action, Model model) {
        model.addAttribute("create", CreateFlagForm.parse(new FormParams(params)).apply(action));
        model.addAttribute("createErrors", ApiErrors.NONE);
        return "flags/createForm";
    }

    @PostMapping("/feature-flags")
    public String create(@RequestParam org.springframework.util.MultiValueMap<String, String> params, Model model, HttpServletRequest request, RedirectAttributes redirect) {
        CreateFlagForm form = CreateFlagForm.parse(new FormParams(params));
        Map<String, String> problems = form.problems();
        ApiErrors errors;
        if (problems.isEmpty()) {
            try {
                FeatureFlag created = api.createFlag(env(), form.toRequest());
                redirect.addFlashAttribute("flash", "Flag " + created.name() + " created.");
                return "redirect:/feature-flags/" + created.key();
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        } else {
            errors = new ApiErrors(problems, List.of());
        }
        // Failed: the list again with the dialog open and everything the user typed.
        model.addAttribute("view", listView("", "", List.of(), false, 1));
        model.addAttribute("shell", shells.shell("Feature flags", "flags"));
        model.addAttribute("create", form);
        model.addAttribute("createErrors", errors);
        model.addAttribute("createOpen", true);
        return "flags/list";
    }

    @PostMapping("/feature-flags/{key}/toggle")
    public String toggle(@PathVariable String key, @RequestParam boolean on, @RequestParam(defaultValue = "false") boolean detail,
                         Model model, HttpServletRequest request) {
        String revision = api.toggleFlag(env(), key, on);
        if (Views.isHtmx(request)) {
            model.addAttribute("key", key);
            model.addAttribute("on", on);
            // On a detail page the open forms carry the flag's revision: hand them the new one, or their next save would conflict.
            model.addAttribute("detail", detail);
            model.addAttribute("revision", detail ? revision : null);
            return "flags/toggle";
        }
        return "redirect:" + back(request, "/feature-flags/" + key);
    }

    @PostMapping("/feature-flags/{key}/archive")
    public String archive(@PathVariable String key, RedirectAttributes redirect) {
        api.archiveFlag(env(), key);
        redirect.addFlashAttribute("flash", "Flag " + key + " archived.");
        return "redirect:/feature-flags";
    }

    @PostMapping("/feature-flags/{key}/restore")
    public String restore(@PathVariable String key, RedirectAttributes redirect) {
        api.restoreFlag(env(), key);
        redirect.addFlashAttribute("flash", "Flag " + key + " restored.");
        return "redirect:/feature-flags/" + key;
    }

    @PostMapping("/feature-flags/{key}/delete")
    public String delete(@PathVariable String key, RedirectAttributes redirect) {
        try {
            api.deleteFlag(env(), key);
            redirect.addFlashAttribute("flash", "Flag " + key + " removed.");
            return "redirect:/feature-flags?archived=true";
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            redirect.addFlashAttribute("flash", String.join(" ", ApiErrors.of(e).page()));
            return "redirect:/feature-flags/" + key + "/settings";
        }
    }

    // ---- detail: targeting ----

    @GetMapping("/feature-flags/{key}")
    public String targeting(@PathVariable String key, Model model) {
        FeatureFlag flag = api.flag(env(), key);
        return targetingPage(flag, TargetingForm.from(flag), Map.of(), ApiErrors.NONE, model);
    }

    private String targetingPage(FeatureFlag flag, TargetingForm form, Map<String, String> problems, ApiErrors errors, Model model) {
        model.addAttribute("shell", shells.shell(flag.name(), "flags"));
        model.addAttribute("flag", flag);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("errors", errors);
        model.addAttribute("segments", segmentOptions());
        model.addAttribute("properties", propertyNames());
        return "flags/targeting";
    }

    private List<SegmentVm> segmentOptions() {
        try {
            return api.segments(env(), null, false, 0, 200).items();
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return List.of();
        }
    }

    private List<String> propertyNames() {
        List<String> names = new ArrayList<>(List.of("keyId", "name"));
        try {
            for (EndUserProperty p : api.endUserProperties(env())) if (!names.contains(p.name())) names.add(p.name());
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
        }
        return names;
    }

    @PostMapping("/feature-flags/{key}/targeting")
    public String saveTargeting(@PathVariable String key, @RequestParam org.springframework.util.MultiValueMap<String, String> params,
                                @RequestParam(defaultValue = "") String action, Model model, RedirectAttributes redirect) {
        FeatureFlag flag = api.flag(env(), key);
        TargetingForm form = TargetingForm.parse(new FormParams(params), flag.variations());
        if (!action.isEmpty() && !action.equals("save")) {
            return targetingPage(flag, form.apply(action, flag.variations()), Map.of(), ApiErrors.NONE, model);
        }
        TargetingForm.Built built = form.build(flag);
        if (!built.problems().isEmpty()) {
            return targetingPage(flag, form, built.problems(), ApiErrors.page("Fix the highlighted fields, then save again."), model);
        }
        try {
            api.updateTargeting(env(), key, form.revision(), built.targeting(), form.comment());
            redirect.addFlashAttribute("flash", "Targeting saved.");
            return "redirect:/feature-flags/" + key;
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            if (e.status() == 409) {
                // Keep the user's edits and take the current revision: saving again deliberately overwrites.
                var kept = new TargetingForm(flag.revision(), form.targets(), form.rules(), form.fallthrough(), form.comment());
                return targetingPage(flag, kept, new HashMap<>(), ApiErrors.page(
                        "Someone else changed this flag while you were editing. Your edits are kept below: check them and save again to apply them."), model);
            }
            return targetingPage(flag, form, new HashMap<>(), ApiErrors.of(e), model);
        }
    }

    // ---- detail: settings and variations ----

    public record SettingsForm(String name, String description, String tags) {}

    @GetMapping("/feature-flags/{key}/settings")
    public String settings(@PathVariable String key, Model model) {
        FeatureFlag flag = api.flag(env(), key);
        return settingsPage(flag, new SettingsForm(flag.name(), Views.orEmpty(flag.description()), String.join(", ", flag.tags())),
                flag.variations(), ApiErrors.NONE, ApiErrors.NONE, model);
    }

    private String settingsPage(FeatureFlag flag, SettingsForm form, List<Variation> variations, ApiErrors errors, ApiErrors varErrors, Model model) {
        model.addAttribute("shell", shells.shell(flag.name() + " · Settings", "flags"));
        model.addAttribute("flag", flag);
        model.addAttribute("form", form);
        model.addAttribute("variations", variations);
        model.addAttribute("errors", errors);
        model.addAttribute("varErrors", varErrors);
        return "flags/settings";
    }

    @PostMapping("/feature-flags/{key}/settings")
    public String saveSettings(@PathVariable String key, @RequestParam(defaultValue = "") String name,
                               @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String tags,
                               Model model, RedirectAttributes redirect) {
        FeatureFlag flag = api.flag(env(), key);
        var form = new SettingsForm(name, description, tags);
        if (name.isBlank()) {
            return settingsPage(flag, form, flag.variations(), ApiErrors.field("name", "Enter a name."), ApiErrors.NONE, model);
        }
        try {
            if (!name.trim().equals(flag.name())) api.updateFlagName(env(), key, name.trim());
            if (!description.equals(Views.orEmpty(flag.description()))) api.updateFlagDescription(env(), key, description);
            List<String> newTags = FormParams.splitList(tags);
            if (!newTags.equals(flag.tags())) api.updateFlagTags(env(), key, newTags);
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return settingsPage(api.flag(env(), key), form, flag.variations(), ApiErrors.of(e), ApiErrors.NONE, model);
        }
        redirect.addFlashAttribute("flash", "Settings saved.");
        return "redirect:/feature-flags/" + key + "/settings";
    }

    @PostMapping("/feature-flags/{key}/variations")
    public String saveVariations(@PathVariable String key, @RequestParam org.springframework.util.MultiValueMap<String, String> params,
                                 @RequestParam(defaultValue = "") String action, Model model, RedirectAttributes redirect) {
        FeatureFlag flag = api.flag(env(), key);
        FormParams form = new FormParams(params);
        List<Variation> rows = new ArrayList<>(VariationRows.parse(form));
        var settings = new SettingsForm(flag.name(), Views.orEmpty(flag.description()), String.join(", ", flag.tags()));
        if (action.equals("addVar") && !"boolean".equals(flag.variationType())) {
            rows.add(new Variation(java.util.UUID.randomUUID().toString(), "Variation " + (rows.size() + 1), ""));
            return settingsPage(flag, settings, rows, ApiErrors.NONE, ApiErrors.NONE, model);
        }
        if (action.startsWith("removeVar:")) {
            int i = Integer.parseInt(action.substring("removeVar:".length()));
            String id = rows.get(i).id();
            if (id.equals(flag.disabledVariationId())) {
                return settingsPage(flag, settings, rows, ApiErrors.NONE, ApiErrors.page("This variation is served when the flag is off: choose another off variation first."), model);
            }
            rows.remove(i);
            return settingsPage(flag, settings, rows, ApiErrors.NONE, ApiErrors.NONE, model);
        }
        Map<String, String> problems = VariationRows.problems(rows, flag.variationType());
        if (!problems.isEmpty()) {
            return settingsPage(flag, settings, rows, ApiErrors.NONE, new ApiErrors(problems, List.of()), model);
        }
        try {
            api.updateVariations(env(), key, form.get("revision"), rows);
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return settingsPage(flag, settings, rows, ApiErrors.NONE, ApiErrors.of(e), model);
        }
        redirect.addFlashAttribute("flash", "Variations saved.");
        return "redirect:/feature-flags/" + key + "/settings";
    }

    @PostMapping("/feature-flags/{key}/off-variation")
    public String saveOffVariation(@PathVariable String key, @RequestParam String offVariationId, @RequestParam String revision,
                                   RedirectAttributes redirect, HttpServletRequest request) {
        try {
            api.updateOffVariation(env(), key, revision, offVariationId);
            redirect.addFlashAttribute("flash", "Off variation saved.");
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            redirect.addFlashAttribute("flash", String.join(" ", ApiErrors.of(e).page()));
        }
        return "redirect:" + back(request, "/feature-flags/" + key);
    }

    // ---- detail: history and SDK ----

    @GetMapping("/feature-flags/{key}/history")
    public String history(@PathVariable String key, @RequestParam(defaultValue = "1") int page, Model model) {
        FeatureFlag flag = api.flag(env(), key);
        int p = Math.max(1, page);
        model.addAttribute("shell", shells.shell(flag.name() + " · History", "flags"));
        model.addAttribute("flag", flag);
        model.addAttribute("logs", api.auditLogs(env(), new AuditFilter(null, flag.id(), "FeatureFlag", false, p - 1, PAGE_SIZE)));
        model.addAttribute("page", p);
        return "flags/history";
    }

    @GetMapping("/feature-flags/{key}/sdk")
    public String sdk(@PathVariable String key, Model model) {
        FeatureFlag flag = api.flag(env(), key);
        model.addAttribute("shell", shells.shell(flag.name() + " · SDK", "flags"));
        model.addAttribute("flag", flag);
        model.addAttribute("snippets", SdkSnippets.forFlag(flag, session.environment().orElse(null), evaluationUrl));
        return "flags/sdk";
    }

    private static String back(HttpServletRequest request, String fallback) {
        String referer = request.getHeader("Referer");
        if (referer == null) return fallback;
        try {
            var uri = java.net.URI.create(referer);
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}

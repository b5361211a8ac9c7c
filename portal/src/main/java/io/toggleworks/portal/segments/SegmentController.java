package io.toggleworks.portal.segments;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.AuditFilter;
import io.toggleworks.portal.apiclient.EndUserProperty;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.apiclient.Segment;
import io.toggleworks.portal.auth.PortalSession;
import io.toggleworks.portal.shell.ShellFactory;
import io.toggleworks.portal.web.FormParams;
import io.toggleworks.portal.web.Views;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
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

/** Segments of the current environment: list, create, targeting (included, excluded, rules), where used, history. */
@Controller
public class SegmentController {
    static final int PAGE_SIZE = 20;
    private final PortalApi api;
    private final PortalSession session;
    private final ShellFactory shells;

    public SegmentController(PortalApi api, PortalSession session, ShellFactory shells) {
        this.api = api;
        this.session = session;
        this.shells = shells;
    }

    private String env() {
        return session.envId();
    }

    public record CreateForm(String name, String key, String description) {}

    @GetMapping("/segments")
    public String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "false") boolean archived,
                       @RequestParam(defaultValue = "1") int page, Model model) {
        return listPage(q, archived, page, new CreateForm("", "", ""), ApiErrors.NONE, false, model);
    }

    private String listPage(String q, boolean archived, int page, CreateForm form, ApiErrors errors, boolean open, Model model) {
        int p = Math.max(1, page);
        model.addAttribute("shell", shells.shell("Segments", "segments"));
        model.addAttribute("q", q);
        model.addAttribute("archived", archived);
        model.addAttribute("page", p);
        model.addAttribute("pageSize", PAGE_SIZE);
        model.addAttribute("result", api.segments(env(), q, archived, p - 1, PAGE_SIZE));
        model.addAttribute("create", form);
        model.addAttribute("createErrors", errors);
        model.addAttribute("createOpen", open);
        return "segments/list";
    }

    @PostMapping("/segments")
    public String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String key,
                         @RequestParam(defaultValue = "") String description, Model model, RedirectAttributes redirect) {
        var form = new CreateForm(name, key, description);
        Map<String, String> problems = new LinkedHashMap<>();
        if (name.isBlank()) problems.put("name", "Enter a name.");
        if (key.isBlank()) problems.put("key", "Enter a key.");
        else if (!key.matches("[a-zA-Z0-9._-]+")) problems.put("key", "Use letters, digits, '.', '_' and '-' only.");
        ApiErrors errors = problems.isEmpty() ? ApiErrors.NONE : new ApiErrors(problems, List.of());
        if (problems.isEmpty()) {
            try {
                Segment s = api.createSegment(env(), name.trim(), key.trim(), description);
                redirect.addFlashAttribute("flash", "Segment " + s.name() + " created.");
                return "redirect:/segments/" + s.id();
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return listPage("", false, 1, form, errors, true, model);
    }

    @GetMapping("/segments/{id}")
    public String detail(@PathVariable String id, Model model) {
        Segment s = api.segment(env(), id);
        return detailPage(s, SegmentForm.from(s), Map.of(), ApiErrors.NONE, model);
    }

    private String detailPage(Segment s, SegmentForm form, Map<String, String> problems, ApiErrors errors, Model model) {
        model.addAttribute("shell", shells.shell(s.name(), "segments"));
        model.addAttribute("segment", s);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("errors", errors);
        model.addAttribute("references", api.segmentFlagReferences(env(), s.id()));
        List<String> names = new ArrayList<>(List.of("keyId", "name"));
        for (EndUserProperty p : api.endUserProperties(env())) if (!names.contains(p.name())) names.add(p.name());
        model.addAttribute("properties", names);
        return "segments/detail";
    }

    @PostMapping("/segments/{id}/targeting")
    public String saveTargeting(@PathVariable String id, @RequestParam MultiValueMap<String, String> params,
                                @RequestParam(defaultValue = "") String action, Model model, RedirectAttributes redirect) {
        Segment s = api.segment(env(), id);
        SegmentForm form = SegmentForm.parse(new FormParams(params));
        if (!action.isEmpty() && !action.equals("save")) return detailPage(s, form.apply(action), Map.of(), ApiErrors.NONE, model);
        Map<String, String> problems = form.problems();
        if (!problems.isEmpty()) return detailPage(s, form, problems, ApiErrors.page("Fix the highlighted fields, then save again."), model);
        try {
            api.updateSegmentTargeting(env(), id, FormParams.splitList(form.included()), FormParams.splitList(form.excluded()), form.wireRules(), form.comment());
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return detailPage(s, form, Map.of(), ApiErrors.of(e), model);
        }
        redirect.addFlashAttribute("flash", "Segment saved.");
        return "redirect:/segments/" + id;
    }

    @PostMapping("/segments/{id}/settings")
    public String saveSettings(@PathVariable String id, @RequestParam(defaultValue = "") String name,
                               @RequestParam(defaultValue = "") String description, Model model, RedirectAttributes redirect) {
        Segment s = api.segment(env(), id);
        if (name.isBlank()) return detailPage(s, SegmentForm.from(s), Map.of(), ApiErrors.field("name", "Enter a name."), model);
        try {
            if (!name.trim().equals(s.name())) api.updateSegmentName(env(), id, name.trim());
            if (!description.equals(Views.orEmpty(s.description()))) api.updateSegmentDescription(env(), id, description);
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            return detailPage(s, SegmentForm.from(s), Map.of(), ApiErrors.of(e), model);
        }
        redirect.addFlashAttribute("flash", "Segment saved.");
        return "redirect:/segments/" + id;
    }

    @PostMapping("/segments/{id}/archive")
    public String archive(@PathVariable String id, RedirectAttributes redirect) {
        try {
            api.archiveSegment(env(), id);
            redirect.addFlashAttribute("flash", "Segment archived.");
            return "redirect:/segments";
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            redirect.addFlashAttribute("flashError", String.join(" ", ApiErrors.of(e).page()));
            return "redirect:/segments/" + id;
        }
    }

    @PostMapping("/segments/{id}/restore")
    public String restore(@PathVariable String id, RedirectAttributes redirect) {
        api.restoreSegment(env(), id);
        redirect.addFlashAttribute("flash", "Segment restored.");
        return "redirect:/segments/" + id;
    }

    @PostMapping("/segments/{id}/delete")
    public String delete(@PathVariable String id, RedirectAttributes redirect) {
        try {
            api.deleteSegment(env(), id);
            redirect.addFlashAttribute("flash", "Segment removed.");
            return "redirect:/segments?archived=true";
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            redirect.addFlashAttribute("flashError", String.join(" ", ApiErrors.of(e).page()));
            return "redirect:/segments/" + id;
        }
    }

    @GetMapping("/segments/{id}/history")
    public String history(@PathVariable String id, @RequestParam(defaultValue = "1") int page, Model model) {
        Segment s = api.segment(env(), id);
        int p = Math.max(1, page);
        model.addAttribute("shell", shells.shell(s.name() + " · History", "segments"));
        model.addAttribute("segment", s);
        model.addAttribute("logs", api.auditLogs(env(), new AuditFilter(null, s.id(), "Segment", !s.isEnvironmentSpecific(), p - 1, PAGE_SIZE)));
        model.addAttribute("page", p);
        return "segments/history";
    }

    static boolean htmx(HttpServletRequest r) {
        return Views.isHtmx(r);
    }
}

package io.toggleworks.portal.endusers;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.CursorPage;
import io.toggleworks.portal.apiclient.EndUser;
import io.toggleworks.portal.apiclient.PageCursor;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.apiclient.UserProperty;
import io.toggleworks.portal.auth.PortalSession;
import io.toggleworks.portal.shell.ShellFactory;
import io.toggleworks.portal.web.FormParams;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** End users of the current environment: search with cursor paging, add/edit, details, JSON import with progress. */
@Controller
public class EndUserController {
    static final int PAGE_SIZE = 20;
    private final PortalApi api;
    private final PortalSession session;
    private final ShellFactory shells;
    private final EndUserImports imports;

    public EndUserController(PortalApi api, PortalSession session, ShellFactory shells, EndUserImports imports) {
        this.api = api;
        this.session = session;
        this.shells = shells;
        this.imports = imports;
    }

    /** The add/edit form: key, name and custom property rows ({@code prop.<i>.name/value}). */
    public record UserForm(String keyId, String name, List<UserProperty> properties) {}

    /**
     * Options for the end-user picker (flag targets, segment users): end users of the environment whose key or name
     * contains {@code q}, minus those already picked, plus "use what was typed as a key" when no user has that key.
     */
    @GetMapping("/users/suggest")
    public String suggest(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) List<String> exclude, Model model) {
        String text = q.trim();
        List<String> excluded = exclude == null ? List.of() : exclude.stream().filter(k -> !k.isBlank()).limit(500).toList();
        List<EndUser> users = List.of();
        String error = null;
        try {
            users = api.searchEndUsers(session.envId(), text, excluded, 8);
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            error = "Could not search end users; type a key and press Enter.";
        }
        model.addAttribute("users", users);
        model.addAttribute("q", text);
        model.addAttribute("offerFree", !text.isEmpty() && !excluded.contains(text) && users.stream().noneMatch(u -> u.keyId().equals(text)));
        model.addAttribute("error", error);
        return "endusers/suggest";
    }

    @GetMapping("/users")
    public String list(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) String cursorId,
                       @RequestParam(required = false) String cursorAt, @RequestParam(required = false) String direction, Model model) {
        PageCursor cursor = cursorId == null ? null : new PageCursor(cursorId, cursorAt, direction == null ? "forward" : direction);
        return listPage(q, cursor, new UserForm("", "", List.of(new UserProperty("", ""))), ApiErrors.NONE, false, model);
    }

    private String listPage(String q, PageCursor cursor, UserForm form, ApiErrors errors, boolean open, Model model) {
        CursorPage<EndUser> page = api.endUsers(session.envId(), q, cursor, PAGE_SIZE);
        model.addAttribute("shell", shells.shell("End users", "users"));
        model.addAttribute("q", q);
        model.addAttribute("page", page);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("open", open);
        return "endusers/list";
    }

    @PostMapping("/users")
    public String upsert(@RequestParam MultiValueMap<String, String> params, @RequestParam(defaultValue = "") String action,
                         Model model, RedirectAttributes redirect) {
        FormParams f = new FormParams(params);
        List<UserProperty> props = new ArrayList<>();
        for (int i : f.indices("prop.")) props.add(new UserProperty(f.get("prop." + i + ".name").trim(), f.get("prop." + i + ".value")));
        if (action.equals("addProp")) props.add(new UserProperty("", ""));
        if (action.startsWith("removeProp:")) props.remove(Integer.parseInt(action.substring("removeProp:".length())));
        UserForm form = new UserForm(f.get("keyId").trim(), f.get("name").trim(), props);
        if (!action.isEmpty() && !action.equals("save")) return listPage("", null, form, ApiErrors.NONE, true, model);
        Map<String, String> problems = new LinkedHashMap<>();
        if (form.keyId().isBlank()) problems.put("keyId", "Enter the user's key.");
        if (form.name().isBlank()) problems.put("name", "Enter a name.");
        ApiErrors errors = problems.isEmpty() ? ApiErrors.NONE : new ApiErrors(problems, List.of());
        if (problems.isEmpty()) {
            try {
                EndUser u = api.upsertEndUser(session.envId(), form.keyId(), form.name(), props.stream().filter(p -> !p.name().isBlank()).toList());
                redirect.addFlashAttribute("flash", "End user " + u.keyId() + " saved.");
                return "redirect:/users/" + u.id();
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                errors = ApiErrors.of(e);
            }
        }
        return listPage("", null, form, errors, true, model);
    }

    @GetMapping("/users/{id}")
    public String detail(@PathVariable String id, Model model) {
        EndUser user = api.endUser(session.envId(), id);
        model.addAttribute("shell", shells.shell(user.name() == null ? user.keyId() : user.name(), "users"));
        model.addAttribute("user", user);
        model.addAttribute("flags", api.endUserFlags(session.envId(), id, 0, 50));
        model.addAttribute("segments", api.endUserSegments(session.envId(), id));
        return "endusers/detail";
    }

    @GetMapping("/users/import")
    public String importPage(Model model) {
        model.addAttribute("shell", shells.shell("Import end users", "users"));
        model.addAttribute("errors", ApiErrors.NONE);
        model.addAttribute("progress", null);
        return "endusers/import";
    }

    @PostMapping("/users/import")
    public String importFile(@RequestParam(required = false) MultipartFile file, Model model, HttpServletRequest request) throws IOException {
        model.addAttribute("shell", shells.shell("Import end users", "users"));
        if (file == null || file.isEmpty()) {
            model.addAttribute("errors", ApiErrors.field("file", "Choose a JSON file."));
            model.addAttribute("progress", null);
            return "endusers/import";
        }
        try {
            model.addAttribute("progress", imports.start(session.envId(), file.getBytes(), request.getSession()));
            model.addAttribute("errors", ApiErrors.NONE);
        } catch (ApiException e) {
            model.addAttribute("errors", e.errors().contains("file_is_invalid")
                    ? ApiErrors.field("file", "This file is not JSON of the form {\"users\": [{\"keyId\", \"name\", \"customizedProperties\"}]}.")
                    : ApiErrors.of(e));
            model.addAttribute("progress", null);
        }
        return "endusers/import";
    }

    @GetMapping("/users/import/{jobId}")
    public String importProgress(@PathVariable String jobId, Model model) {
        model.addAttribute("progress", imports.get(jobId));
        return "endusers/progress";
    }
}

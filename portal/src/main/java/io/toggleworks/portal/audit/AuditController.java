package io.toggleworks.portal.audit;

import io.toggleworks.portal.apiclient.AuditFilter;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.auth.PortalSession;
import io.toggleworks.portal.shell.ShellFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The environment's audit log across flags and segments. */
@Controller
public class AuditController {
    private final PortalApi api;
    private final PortalSession session;
    private final ShellFactory shells;

    public AuditController(PortalApi api, PortalSession session, ShellFactory shells) {
        this.api = api;
        this.session = session;
        this.shells = shells;
    }

    @GetMapping("/audit-logs")
    public String list(@RequestParam(defaultValue = "") String query, @RequestParam(defaultValue = "") String refType,
                       @RequestParam(defaultValue = "1") int page, Model model) {
        int p = Math.max(1, page);
        model.addAttribute("shell", shells.shell("Audit logs", "audit"));
        model.addAttribute("logs", api.auditLogs(session.envId(), new AuditFilter(query, null, refType, false, p - 1, 20)));
        model.addAttribute("page", p);
        model.addAttribute("query", query);
        model.addAttribute("refType", refType);
        model.addAttribute("baseUrl", "/audit-logs?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&refType=" + refType + "&");
        return "audit/list";
    }
}

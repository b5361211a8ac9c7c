package io.toggleworks.api.iam;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.web.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Resource pickers of the policy editor (api.md §4.5.6), limited to the caller's organization. */
@RestController
public class ResourceController {
    private final JdbcClient jdbc;

    public ResourceController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record ResourceVm(String id, String name, String rn, String type) {
    }

    public record ResourceV2Vm(String id, String name, String pathName, String rn, String type) {
    }

    private static final UUID ALL_ID = new UUID(0, 0);

    @GetMapping("/api/v1/resources")
    public ApiResponse<List<ResourceVm>> v1(Caller caller, @RequestParam(required = false) String type,
                                            @RequestParam(required = false) String name) {
        UUID org = caller.requireOrganization();
        String t = type == null ? "" : type;
        List<ResourceVm> result = new ArrayList<>();
        String q = name == null || name.isBlank() ? null : Rows.contains(name);
        switch (t) {
            case "project" -> {
                result.add(new ResourceVm(ALL_ID.toString(), "All projects", "project/*", "project"));
                jdbc.sql("select id, name, key from projects where organization_id = :o and (cast(:q as text) is null or name ilike :q) order by name")
                        .param("o", org).param("q", q)
                        .query((rs, i) -> new ResourceVm(rs.getString("id"), rs.getString("name"),
                                ResourceNames.project(rs.getString("key")), "project"))
                        .list().forEach(result::add);
            }
            case "env" -> {
                result.add(new ResourceVm(ALL_ID.toString(), "All environments", "project/*:env/*", "env"));
                jdbc.sql("""
                        select e.id, p.name as pname, e.name as ename, p.key as pkey, e.key as ekey
                          from environments e join projects p on p.id = e.project_id
                         where p.organization_id = :o and (cast(:q as text) is null or e.name ilike :q or p.name ilike :q)
                         order by p.name, e.name""")
                        .param("o", org).param("q", q)
                        .query((rs, i) -> new ResourceVm(rs.getString("id"), rs.getString("pname") + "/" + rs.getString("ename"),
                                ResourceNames.env(rs.getString("pkey"), rs.getString("ekey")), "env"))
                        .list().forEach(result::add);
            }
            case "flag" -> result.add(new ResourceVm(ALL_ID.toString(), "All flags", "project/*:env/*:flag/*", "flag"));
            case "segment" -> result.add(new ResourceVm(ALL_ID.toString(), "All segments", "project/*:env/*:segment/*", "segment"));
            case "workspace" -> result.add(new ResourceVm(ALL_ID.toString(), "Workspace", "workspace/*", "workspace"));
            case "iam" -> result.add(new ResourceVm(ALL_ID.toString(), "IAM", "iam/*", "iam"));
            case "access-token" -> result.add(new ResourceVm(ALL_ID.toString(), "All access tokens", "access-token/*", "access-token"));
            case "relay-proxy" -> result.add(new ResourceVm(ALL_ID.toString(), "All relay proxies", "relay-proxy/*", "relay-proxy"));
            case "organization" -> result.add(new ResourceVm(ALL_ID.toString(), "Organization", "organization/*", "organization"));
            default -> result.add(new ResourceVm(ALL_ID.toString(), "All", "*", "all"));
        }
        return ApiResponse.ok(result);
    }

    @GetMapping("/api/v2/resources")
    public ApiResponse<List<ResourceV2Vm>> v2(Caller caller, @RequestParam(required = false) String spaceLevel,
                                              @RequestParam(required = false) String name,
                                              @RequestParam(required = false) List<String> types) {
        UUID org = caller.requireOrganization();
        List<String> wanted = types == null || types.isEmpty() ? List.of("organization", "project", "env") : types;
        String q = name == null || name.isBlank() ? null : Rows.contains(name);
        List<ResourceV2Vm> result = new ArrayList<>();
        if (q == null) {
            result.add(new ResourceV2Vm(ALL_ID.toString(), "All", "All", "*", "all"));
        }
        List<UUID> orgs = "workspace".equals(spaceLevel)
                ? jdbc.sql("select id from organizations where workspace_id = (select workspace_id from organizations where id = :o) "
                        + "and id in (select organization_id from organization_users where user_id = :u)")
                .param("o", org).param("u", caller.userId()).query(UUID.class).list()
                : List.of(org);
        for (UUID o : orgs) {
            jdbc.sql("select id, name, key from organizations where id = :o").param("o", o).query((rs, i) -> {
                String orgRn = "organization/" + rs.getString("key");
                String orgName = rs.getString("name");
                if (wanted.contains("organization") && (q == null || orgName.toLowerCase().contains(name.toLowerCase()))) {
                    result.add(new ResourceV2Vm(rs.getString("id"), orgName, orgName, orgRn, "organization"));
                }
                jdbc.sql("select id, name, key from projects where organization_id = :o order by name").param("o", o)
                        .query((prs, j) -> {
                            String pRn = orgRn + ":project/" + prs.getString("key");
                            String pPath = orgName + "/" + prs.getString("name");
                            if (wanted.contains("project") && (q == null || pPath.toLowerCase().contains(name.toLowerCase()))) {
                                result.add(new ResourceV2Vm(prs.getString("id"), prs.getString("name"), pPath, pRn, "project"));
                            }
                            if (wanted.contains("env")) {
                                jdbc.sql("select id, name, key from environments where project_id = :p order by name")
                                        .param("p", prs.getObject("id", UUID.class))
                                        .query((ers, k) -> {
                                            String ePath = pPath + "/" + ers.getString("name");
                                            if (q == null || ePath.toLowerCase().contains(name.toLowerCase())) {
                                                result.add(new ResourceV2Vm(ers.getString("id"), ers.getString("name"), ePath,
                                                        pRn + ":env/" + ers.getString("key"), "env"));
                                            }
                                            return null;
                                        }).list();
                            }
                            return null;
                        }).list();
                return null;
            }).list();
        }
        return ApiResponse.ok(result);
    }
}

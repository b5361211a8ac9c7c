package io.toggleworks.portal.flags;

import io.toggleworks.portal.apiclient.FeatureFlag;
import io.toggleworks.portal.apiclient.Fallthrough;
import io.toggleworks.portal.apiclient.FlagTargeting;
import io.toggleworks.portal.apiclient.TargetRule;
import io.toggleworks.portal.apiclient.TargetUser;
import io.toggleworks.portal.apiclient.Variation;
import io.toggleworks.portal.web.FormParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The flag targeting editor's state: individual targets per variation, rules, default rule. It round-trips through
 * the HTML form (field names {@code target.<variationId>}, {@code rule.<i>.cond.<j>.op}, {@code ft.serve}…), so adding a
 * rule or failing a save re-renders exactly what the user had typed.
 */
public record TargetingForm(String revision, Map<String, String> targets, List<RuleForm> rules, ServeForm fallthrough, String comment) {

    public record RuleForm(String id, String name, List<ConditionRow> conditions, ServeForm serve) {}

    public String targetKeys(String variationId) {
        return targets.getOrDefault(variationId, "");
    }

    public static TargetingForm from(FeatureFlag flag) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (Variation v : flag.variations()) targets.put(v.id(), "");
        for (TargetUser t : flag.targetUsers()) targets.put(t.variationId(), String.join(", ", t.keyIds()));
        List<RuleForm> rules = new ArrayList<>();
        for (TargetRule r : flag.rules()) {
            rules.add(new RuleForm(r.id(), r.name(), r.conditions().stream().map(ConditionRow::from).toList(),
                    ServeForm.from(r.variations(), r.dispatchKey(), flag.variations())));
        }
        Fallthrough ft = flag.fallthrough();
        return new TargetingForm(flag.revision(), targets, rules,
                ServeForm.from(ft == null ? List.of() : ft.variations(), ft == null ? null : ft.dispatchKey(), flag.variations()), "");
    }

    public static TargetingForm parse(FormParams form, List<Variation> variations) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (Variation v : variations) targets.put(v.id(), String.join(", ", form.all("target." + v.id()))); // picked chips plus whatever is still typed
        List<RuleForm> rules = new ArrayList<>();
        for (int i : form.indices("rule.")) {
            String p = "rule." + i + ".";
            List<ConditionRow> conds = new ArrayList<>();
            for (int j : form.indices(p + "cond.")) conds.add(ConditionRow.parse(form, p + "cond." + j + "."));
            String id = form.get(p + "id");
            rules.add(new RuleForm(id.isBlank() ? UUID.randomUUID().toString() : id, form.get(p + "name"), conds, ServeForm.parse(form, p, variations)));
        }
        return new TargetingForm(form.get("revision"), targets, rules, ServeForm.parse(form, "ft.", variations), form.get("comment"));
    }

    /** Applies an editor action ({@code addRule}, {@code removeRule:1}, {@code addCond:0}, {@code removeCond:0:2}). */
    public TargetingForm apply(String action, List<Variation> variations) {
        List<RuleForm> rules = new ArrayList<>(this.rules);
        String[] a = action.split(":");
        switch (a[0]) {
            case "addRule" -> rules.add(new RuleForm(UUID.randomUUID().toString(), "Rule " + (rules.size() + 1),
                    List.of(ConditionRow.blank()), ServeForm.from(List.of(), null, variations)));
            case "removeRule" -> rules.remove(Integer.parseInt(a[1]));
            case "moveUp" -> {
                int i = Integer.parseInt(a[1]);
                if (i > 0) rules.add(i - 1, rules.remove(i));
            }
            case "addCond", "removeCond" -> {
                int i = Integer.parseInt(a[1]);
                RuleForm r = rules.get(i);
                List<ConditionRow> conds = new ArrayList<>(r.conditions());
                if (a[0].equals("addCond")) conds.add(ConditionRow.blank());
                else conds.remove(Integer.parseInt(a[2]));
                rules.set(i, new RuleForm(r.id(), r.name(), conds, r.serve()));
            }
            default -> { } // "refresh": re-render only (e.g. a property became a segment condition)
        }
        return new TargetingForm(revision, targets, rules, fallthrough, comment);
    }

    /** The wire targeting, keeping experiment flags from the stored flag; problems are keyed by editor field. */
    public Built build(FeatureFlag stored) {
        Map<String, String> problems = new LinkedHashMap<>();
        List<TargetUser> targetUsers = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Variation v : stored.variations()) {
            List<String> keys = FormParams.splitList(targets.getOrDefault(v.id(), ""));
            for (String k : keys) {
                if (seen.contains(k)) problems.putIfAbsent("target." + v.id(), "End user '" + k + "' is targeted by two variations.");
                seen.add(k);
            }
            targetUsers.add(new TargetUser(keys, v.id()));
        }
        List<TargetRule> wireRules = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleForm r = rules.get(i);
            if (r.name().isBlank()) problems.put("rule." + i + ".name", "Give the rule a name.");
            if (r.conditions().isEmpty()) problems.put("rule." + i + ".conds", "Add at least one condition.");
            for (int j = 0; j < r.conditions().size(); j++) {
                String problem = r.conditions().get(j).problem(true);
                if (problem != null) problems.put("rule." + i + ".cond." + j, problem);
            }
            ServeForm.Result serve = r.serve().toWire(stored.variations());
            if (serve.problem() != null) problems.put("rule." + i + ".serve", serve.problem());
            boolean inExpt = stored.rules().stream().filter(x -> x.id().equals(r.id())).map(TargetRule::includedInExpt).findFirst().orElse(false);
            wireRules.add(new TargetRule(r.id(), r.name().trim(), blankToNull(r.serve().rollout() ? r.serve().dispatchKey() : ""), inExpt,
                    r.conditions().stream().map(ConditionRow::toCondition).toList(), serve.variations()));
        }
        ServeForm.Result ft = fallthrough.toWire(stored.variations());
        if (ft.problem() != null) problems.put("ft.serve", ft.problem());
        boolean ftInExpt = stored.fallthrough() == null || stored.fallthrough().includedInExpt();
        var targeting = new FlagTargeting(targetUsers, wireRules,
                new Fallthrough(blankToNull(fallthrough.rollout() ? fallthrough.dispatchKey() : ""), ftInExpt, ft.variations()), stored.exptIncludeAllTargets());
        return new Built(targeting, problems);
    }

    public record Built(FlagTargeting targeting, Map<String, String> problems) {}

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

package io.toggleworks.portal.segments;

import io.toggleworks.portal.apiclient.MatchRule;
import io.toggleworks.portal.apiclient.Segment;
import io.toggleworks.portal.flags.ConditionRow;
import io.toggleworks.portal.web.FormParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A segment's targeting as edited: included and excluded keys, and rules (any rule matching puts a user in). */
public record SegmentForm(String included, String excluded, List<RuleRows> rules, String comment) {

    public record RuleRows(String id, String name, List<ConditionRow> conditions) {}

    public static SegmentForm from(Segment s) {
        return new SegmentForm(String.join(", ", s.included()), String.join(", ", s.excluded()),
                s.rules().stream().map(r -> new RuleRows(r.id(), r.name(), r.conditions().stream().map(ConditionRow::from).toList())).toList(), "");
    }

    public static SegmentForm parse(FormParams form) {
        List<RuleRows> rules = new ArrayList<>();
        for (int i : form.indices("rule.")) {
            String p = "rule." + i + ".";
            List<ConditionRow> conds = new ArrayList<>();
            for (int j : form.indices(p + "cond.")) conds.add(ConditionRow.parse(form, p + "cond." + j + "."));
            String id = form.get(p + "id");
            rules.add(new RuleRows(id.isBlank() ? UUID.randomUUID().toString() : id, form.get(p + "name"), conds));
        }
        // The user pickers send one field per picked key plus whatever is still typed.
        return new SegmentForm(String.join(", ", form.all("included")), String.join(", ", form.all("excluded")), rules, form.get("comment"));
    }

    public SegmentForm apply(String action) {
        List<RuleRows> rules = new ArrayList<>(this.rules);
        String[] a = action.split(":");
        switch (a[0]) {
            case "addRule" -> rules.add(new RuleRows(UUID.randomUUID().toString(), "Rule " + (rules.size() + 1), List.of(ConditionRow.blank())));
            case "removeRule" -> rules.remove(Integer.parseInt(a[1]));
            case "addCond", "removeCond" -> {
                int i = Integer.parseInt(a[1]);
                RuleRows r = rules.get(i);
                List<ConditionRow> conds = new ArrayList<>(r.conditions());
                if (a[0].equals("addCond")) conds.add(ConditionRow.blank());
                else conds.remove(Integer.parseInt(a[2]));
                rules.set(i, new RuleRows(r.id(), r.name(), conds));
            }
            default -> { }
        }
        return new SegmentForm(included, excluded, rules, comment);
    }

    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        List<String> inc = FormParams.splitList(included);
        for (String k : FormParams.splitList(excluded)) {
            if (inc.contains(k)) p.putIfAbsent("excluded", "'" + k + "' is both included and excluded (excluded wins): remove it from one list.");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).name().isBlank()) p.put("rule." + i + ".name", "Give the rule a name.");
            if (rules.get(i).conditions().isEmpty()) p.put("rule." + i + ".conds", "Add at least one condition.");
            for (int j = 0; j < rules.get(i).conditions().size(); j++) {
                String problem = rules.get(i).conditions().get(j).problem(false);
                if (problem != null) p.put("rule." + i + ".cond." + j, problem);
            }
        }
        return p;
    }

    public List<MatchRule> wireRules() {
        return rules.stream().map(r -> new MatchRule(r.id(), r.name().trim(), r.conditions().stream().map(ConditionRow::toCondition).toList())).toList();
    }
}

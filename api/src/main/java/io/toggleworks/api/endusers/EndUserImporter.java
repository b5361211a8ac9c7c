package io.toggleworks.api.endusers;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.json.Json;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses an end-user file, CSV or JSON, into accepted users and rejected rows with a reason each. JSON is FeatBit's
 * upload format {@code {"users":[...],"userProperties":[...]}} or a bare array of users; CSV has a header row with
 * {@code keyId} and {@code name} columns, every other column being a custom property.
 */
final class EndUserImporter {
    static final int MAX_KEY = 512;
    static final int MAX_NAME = 256;

    private EndUserImporter() {
    }

    record Candidate(String keyId, String name, List<CustomizedProperty> properties) {
    }

    record Rejected(int row, String keyId, String reason) {
    }

    record Parsed(List<Candidate> accepted, List<Rejected> rejected, Set<String> propertyNames) {
    }

    /** Thrown when the file as a whole cannot be read (FeatBit's {@code file_is_invalid}). */
    static final class InvalidFile extends RuntimeException {
        InvalidFile(String message) {
            super(message, null, false, false);
        }
    }

    static Parsed parse(String text, boolean csv) {
        return csv ? csv(text) : json(text);
    }

    static Parsed json(String text) {
        JsonNode root;
        try {
            root = Json.tree(text);
        } catch (RuntimeException e) {
            throw new InvalidFile("not JSON");
        }
        JsonNode users = root.isArray() ? root : root.path("users");
        if (!users.isArray()) {
            throw new InvalidFile("no users array");
        }
        List<Candidate> accepted = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        root.path("userProperties").forEach(n -> {
            if (n.isString()) {
                names.add(n.asString());
            }
        });
        Set<String> seen = new LinkedHashSet<>();
        int row = 0;
        for (JsonNode u : users) {
            row++;
            if (!u.isObject()) {
                rejected.add(new Rejected(row, "", "not an object"));
                continue;
            }
            String keyId = text(u, "keyId");
            String name = text(u, "name");
            List<CustomizedProperty> props = new ArrayList<>();
            String problem = null;
            JsonNode cp = u.path("customizedProperties");
            if (!cp.isMissingNode() && !cp.isNull() && !cp.isArray()) {
                problem = "customizedProperties must be an array";
            } else {
                for (JsonNode p : cp) {
                    String pn = text(p, "name");
                    JsonNode pv = p.path("value");
                    if (pn == null || pn.isBlank() || pn.length() > 128) {
                        problem = "a custom property has no valid name";
                    } else if (!(pv.isString() || pv.isNull() || pv.isMissingNode())) {
                        problem = "custom property '" + pn + "' must have a string value";
                    } else {
                        props.add(new CustomizedProperty(pn, pv.isString() ? pv.asString() : null));
                    }
                }
            }
            add(row, keyId, name, props, problem, seen, accepted, rejected, names);
        }
        return new Parsed(accepted, rejected, names);
    }

    static Parsed csv(String text) {
        List<List<String>> rows = CsvReader.read(text);
        if (rows.isEmpty()) {
            throw new InvalidFile("empty file");
        }
        List<String> header = rows.getFirst().stream().map(String::trim).toList();
        int keyCol = indexOf(header, "keyId");
        int nameCol = indexOf(header, "name");
        if (keyCol < 0) {
            throw new InvalidFile("no keyId column");
        }
        List<Candidate> accepted = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> cells = rows.get(r);
            if (cells.size() == 1 && cells.getFirst().isBlank()) {
                continue;
            }
            String problem = cells.size() != header.size() ? "has " + cells.size() + " columns, the header has " + header.size() : null;
            List<CustomizedProperty> props = new ArrayList<>();
            for (int c = 0; c < Math.min(cells.size(), header.size()); c++) {
                if (c != keyCol && c != nameCol && !header.get(c).isBlank() && !cells.get(c).isEmpty()) {
                    props.add(new CustomizedProperty(header.get(c), cells.get(c)));
                }
            }
            String keyId = keyCol < cells.size() ? cells.get(keyCol).trim() : "";
            String name = nameCol >= 0 && nameCol < cells.size() ? cells.get(nameCol).trim() : "";
            add(r, keyId, name, props, problem, seen, accepted, rejected, names);
        }
        return new Parsed(accepted, rejected, names);
    }

    private static void add(int row, String keyId, String name, List<CustomizedProperty> props, String problem, Set<String> seen,
                            List<Candidate> accepted, List<Rejected> rejected, Set<String> names) {
        String k = keyId == null ? "" : keyId;
        if (problem == null && k.isBlank()) {
            problem = "keyId is required";
        } else if (problem == null && k.length() > MAX_KEY) {
            problem = "keyId is longer than " + MAX_KEY + " characters";
        } else if (problem == null && name != null && name.length() > MAX_NAME) {
            problem = "name is longer than " + MAX_NAME + " characters";
        } else if (problem == null && !seen.add(k)) {
            problem = "keyId '" + k + "' appears more than once in the file";
        }
        if (problem != null) {
            rejected.add(new Rejected(row, k, problem));
            return;
        }
        props.forEach(p -> names.add(p.name()));
        accepted.add(new Candidate(k, name == null ? "" : name, props));
    }

    private static int indexOf(List<String> header, String column) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isString() ? v.asString() : v.isNumber() ? v.asString() : null;
    }

    /** RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends. */
    static final class CsvReader {
        static List<List<String>> read(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    cell.append(ch);
                }
            }
            if (cell.length() > 0 || !row.isEmpty()) {
                row.add(cell.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}

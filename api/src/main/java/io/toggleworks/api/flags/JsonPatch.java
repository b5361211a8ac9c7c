package io.toggleworks.api.flags;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over a JSON tree, for the flag and segment PATCH
 * endpoints (api.md §4.6). The document is copied first; a failing operation leaves the input untouched.
 */
public final class JsonPatch {
    private JsonPatch() {
    }

    /** A patch that cannot be applied; its message is what FeatBit returns in {@code errors}. */
    public static final class PatchException extends RuntimeException {
        public PatchException(String message) {
            super(message, null, false, false);
        }
    }

    /** The changed copy of {@code document}. */
    public static JsonNode apply(JsonNode patch, JsonNode document) {
        if (patch == null || !patch.isArray()) {
            throw new PatchException("The JSON patch document must be an array of operations.");
        }
        JsonNode doc = document.deepCopy();
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw new PatchException("Each JSON patch operation must be an object.");
            }
            String kind = op.path("op").asString("");
            String path = requiredPath(op, "path");
            switch (kind) {
                case "add" -> doc = add(doc, path, value(op));
                case "remove" -> doc = remove(doc, path);
                case "replace" -> {
                    get(doc, path);
                    doc = add(remove(doc, path), path, value(op));
                }
                case "move" -> {
                    String from = requiredPath(op, "from");
                    if (path.startsWith(from + "/")) {
                        throw new PatchException("Cannot move '" + from + "' into one of its children.");
                    }
                    JsonNode v = get(doc, from);
                    doc = add(remove(doc, from), path, v);
                }
                case "copy" -> doc = add(doc, path, get(doc, requiredPath(op, "from")).deepCopy());
                case "test" -> {
                    if (!get(doc, path).equals(value(op))) {
                        throw new PatchException("The current value at '" + path + "' is not equal to the test value.");
                    }
                }
                default -> throw new PatchException("Invalid JSON patch operation '" + kind + "'.");
            }
        }
        return doc;
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new PatchException("The JSON patch operation '" + op.path("op").asString("") + "' requires a value.");
        }
        return op.get("value").deepCopy();
    }

    private static String requiredPath(JsonNode op, String field) {
        JsonNode p = op.get(field);
        if (p == null || !p.isString()) {
            throw new PatchException("The JSON patch operation requires '" + field + "'.");
        }
        String path = p.asString();
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new PatchException("Invalid JSON pointer '" + path + "'.");
        }
        return path;
    }

    private static List<String> tokens(String path) {
        List<String> out = new ArrayList<>();
        if (path.isEmpty()) {
            return out;
        }
        for (String t : path.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode get(JsonNode doc, String path) {
        JsonNode node = doc;
        for (String t : tokens(path)) {
            node = child(node, t, path);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String token, String path) {
        JsonNode next = null;
        if (node.isObject()) {
            next = node.get(token);
        } else if (node.isArray()) {
            int i = index(token, node.size() - 1, path);
            next = node.get(i);
        }
        if (next == null) {
            throw new PatchException("The target location '" + path + "' was not found.");
        }
        return next;
    }

    private static JsonNode parent(JsonNode doc, List<String> tokens, String path) {
        JsonNode node = doc;
        for (int i = 0; i < tokens.size() - 1; i++) {
            node = child(node, tokens.get(i), path);
        }
        if (!(node instanceof ContainerNode<?>)) {
            throw new PatchException("The target location '" + path + "' was not found.");
        }
        return node;
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value) {
        List<String> t = tokens(path);
        if (t.isEmpty()) {
            return value;
        }
        JsonNode parent = parent(doc, t, path);
        String last = t.getLast();
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if ("-".equals(last)) {
                a.add(value);
            } else {
                a.insert(index(last, a.size(), path), value);
            }
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path) {
        List<String> t = tokens(path);
        if (t.isEmpty()) {
            throw new PatchException("Cannot remove the whole document.");
        }
        JsonNode parent = parent(doc, t, path);
        String last = t.getLast();
        if (parent instanceof ObjectNode o) {
            if (!o.has(last)) {
                throw new PatchException("The target location '" + path + "' was not found.");
            }
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(last, a.size() - 1, path));
        }
        return doc;
    }

    private static int index(String token, int max, String path) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            throw new PatchException("Invalid array index '" + token + "' in '" + path + "'.");
        }
        int i = Integer.parseInt(token);
        if (i > max) {
            throw new PatchException("The index '" + token + "' in '" + path + "' is out of bounds.");
        }
        return i;
    }
}

package io.toggleworks.api.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads and writes jsonb columns as FeatBit stores them: the camelCase JSON of the domain object. Write with a
 * {@code cast(:param as jsonb)} in the SQL and {@code json.write(value)} as the parameter.
 */
@Component
public class JsonColumns {
    private final JsonMapper mapper;

    public JsonColumns(JsonMapper mapper) {
        // Stored JSON was written by FeatBit too: read it leniently (a number where text is expected becomes text),
        // unlike request bodies, where that is a client error.
        this.mapper = mapper.rebuild()
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert))
                .build();
    }

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    /** The column's value, or {@code fallback} when it is SQL null. */
    public <T> T read(ResultSet rs, String column, TypeReference<T> type, T fallback) throws SQLException {
        String raw = rs.getString(column);
        if (raw == null) {
            return fallback;
        }
        T value = mapper.readValue(raw, type);
        return value == null ? fallback : value;
    }

    public <T> T read(ResultSet rs, String column, Class<T> type, T fallback) throws SQLException {
        String raw = rs.getString(column);
        if (raw == null) {
            return fallback;
        }
        T value = mapper.readValue(raw, type);
        return value == null ? fallback : value;
    }

    public JsonMapper mapper() {
        return mapper;
    }
}

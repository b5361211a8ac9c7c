package io.toggleworks.api.db;

import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Arranges and inspects rows of other concepts in store suites, on either main database, with the PostgreSQL names
 * ({@code relay_proxies.auto_agents}); on MongoDB they become FeatBit's ({@code RelayProxies.autoAgents}, {@code id}
 * as {@code _id}). Values: UUID, String, Boolean, Number, Instant, or {@link Json} for jsonb / embedded documents.
 */
public interface StoreFixture {
    /** JSON text stored as jsonb on PostgreSQL and as a document or array on MongoDB. */
    record Json(String text) {
    }

    void insert(String table, Map<String, Object> row);

    /** Rows of the table whose {@code column} equals {@code value}. */
    long count(String table, String column, Object value);

    /** {@code column} of the first row whose {@code whereColumn} equals {@code whereValue}; empty when null or no row. */
    Optional<Object> value(String table, String whereColumn, Object whereValue, String column);

    /** Sets {@code column} of every row of the table ({@link Json} or a plain value; null allowed). */
    void setAll(String table, String column, Object value);

    /** Sets {@code column} of every row whose {@code whereColumn} equals {@code whereValue} (as {@link #setAll}). */
    void update(String table, String whereColumn, Object whereValue, String column, Object value);

    static StoreFixture postgres(JdbcClient jdbc) {
        return new StoreFixture() {
            @Override
            public void insert(String table, Map<String, Object> row) {
                List<String> columns = new ArrayList<>(row.keySet());
                String values = String.join(", ", columns.stream()
                        .map(c -> row.get(c) instanceof Json ? "cast(:" + c + " as jsonb)" : ":" + c).toList());
                var sql = jdbc.sql("insert into " + table + " (" + String.join(", ", columns) + ") values (" + values + ")");
                for (String c : columns) {
                    sql = sql.param(c, sqlValue(row.get(c)));
                }
                sql.update();
            }

            @Override
            public long count(String table, String column, Object value) {
                return jdbc.sql("select count(*) from " + table + " where " + column + " = :v").param("v", value)
                        .query(Long.class).single();
            }

            @Override
            public Optional<Object> value(String table, String whereColumn, Object whereValue, String column) {
                return jdbc.sql("select " + column + " from " + table + " where " + whereColumn + " = :v limit 1")
                        .param("v", whereValue).query((rs, i) -> Optional.ofNullable(rs.getObject(1))).optional()
                        .flatMap(o -> o);
            }

            @Override
            public void setAll(String table, String column, Object value) {
                set(table, column, value, "", Map.of());
            }

            @Override
            public void update(String table, String whereColumn, Object whereValue, String column, Object value) {
                set(table, column, value, " where " + whereColumn + " = :w", Map.of("w", whereValue));
            }

            private void set(String table, String column, Object value, String where, Map<String, Object> whereParams) {
                String param = value instanceof Json ? "cast(:v as jsonb)" : ":v";
                jdbc.sql("update " + table + " set " + column + " = " + param + where).params(whereParams)
                        .param("v", sqlValue(value)).update();
            }
        };
    }

    static StoreFixture mongo(MongoDatabase db) {
        return new StoreFixture() {
            @Override
            public void insert(String table, Map<String, Object> row) {
                Document d = new Document();
                row.forEach((c, v) -> d.append(field(c), bson(v)));
                db.getCollection(collection(table)).insertOne(d);
            }

            @Override
            public long count(String table, String column, Object value) {
                return db.getCollection(collection(table)).countDocuments(new Document(field(column), value));
            }

            @Override
            public Optional<Object> value(String table, String whereColumn, Object whereValue, String column) {
                Document d = db.getCollection(collection(table)).find(new Document(field(whereColumn), whereValue)).first();
                return d == null ? Optional.empty() : Optional.ofNullable(d.get(field(column)));
            }

            @Override
            public void setAll(String table, String column, Object value) {
                set(table, new Document(), column, value);
            }

            @Override
            public void update(String table, String whereColumn, Object whereValue, String column, Object value) {
                set(table, new Document(field(whereColumn), whereValue), column, value);
            }

            private void set(String table, Document filter, String column, Object value) {
                db.getCollection(collection(table)).updateMany(filter, new Document("$set", new Document(field(column), bson(value))));
            }
        };
    }

    private static Object sqlValue(Object v) {
        return v instanceof Json j ? j.text() : v instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : v;
    }

    private static Object bson(Object v) {
        if (v instanceof Json j) {
            return Document.parse("{\"v\": " + j.text() + "}").get("v");
        }
        return v instanceof Instant i ? Date.from(i) : v;
    }

    /** {@code relay_proxies} -> {@code RelayProxies}. */
    static String collection(String table) {
        StringBuilder b = new StringBuilder();
        for (String part : table.split("_")) {
            b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return b.toString();
    }

    /** {@code auto_agents} -> {@code autoAgents}; {@code id} -> {@code _id}. */
    static String field(String column) {
        if ("id".equals(column)) {
            return "_id";
        }
        String[] parts = column.split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(parts[i].substring(1));
        }
        return b.toString();
    }

    static UUID id() {
        return UUID.randomUUID();
    }
}

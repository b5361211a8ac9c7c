package io.toggleworks.testkit.postgres;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestDatabaseTest {
    @Test
    void createsMigratesAndDrops() throws SQLException {
        TestDatabase db = TestDatabase.create("tw_testkit").migrate("classpath:db/testkit");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("insert into probe values (1)");
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from probe")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(db.name()).startsWith("tw_testkit_");
        assertThat(db.npgsqlConnectionString()).contains("Database=" + db.name());
        db.close();
        assertThatThrownBy(db::connect).isInstanceOf(SQLException.class);
    }

    @Test
    void namesAreRandom() {
        try (TestDatabase a = TestDatabase.create("tw_testkit"); TestDatabase b = TestDatabase.create("tw_testkit")) {
            assertThat(a.name()).isNotEqualTo(b.name());
        }
    }

    @Test
    void rejectsPrefixesThatAreNotIdentifiers() {
        assertThatThrownBy(() -> TestDatabase.create("x; drop")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.toggleworks.api.db;

import io.toggleworks.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Advisory locks need a transaction on a DataSource, which the shared store database does not expose: one of its own. */
class PostgresNameLocksTest extends NameLocksContract {
    private static TestDatabase database;
    private static NameLocks locks;
    private static TransactionTemplate tx;

    @BeforeAll
    static void open() {
        database = TestDatabase.create("tw_api_locks");
        var ds = database.dataSource();
        locks = new PostgresNameLocks(JdbcClient.create(ds));
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected NameLocks locks() {
        return locks;
    }

    @Override
    protected TransactionTemplate tx() {
        return tx;
    }
}

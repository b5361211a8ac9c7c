package io.toggleworks.api.db;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The transaction manager on MongoDB, where the API uses no multi-document transactions (FeatBit does not either,
 * and a standalone {@code mongod} has none): {@code @Transactional} code runs as is, and each store write is one
 * atomic single-document operation, ordered so that a retry repairs a half-done command (ADR 0052).
 */
public final class NoTransactions extends AbstractPlatformTransactionManager {
    @Override
    protected Object doGetTransaction() {
        return new Object();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
    }
}

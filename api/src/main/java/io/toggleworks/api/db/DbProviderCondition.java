package io.toggleworks.api.db;

import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches {@link OnPostgres} beans when {@code DbProvider} is Postgres and {@link OnMongoDb} beans when it is MongoDb. */
final class DbProviderCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        DbProvider current = DbProvider.of(context.getEnvironment());
        Map<String, Object> onPostgres = metadata.getAnnotationAttributes(OnPostgres.class.getName());
        return onPostgres != null ? current == DbProvider.POSTGRES : current == DbProvider.MONGODB;
    }
}

package io.toggleworks.api.web;

/** FeatBit's error codes (api.md §4.1). Validation codes are built as {@code {param}_is_required/invalid}. */
public final class ErrorCodes {
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";
    public static final String CONFLICT = "Conflict";
    public static final String INTERNAL_SERVER_ERROR = "InternalServerError";
    public static final String KEY_HAS_BEEN_USED = "KeyHasBeenUsed";
    public static final String NAME_HAS_BEEN_USED = "NameHasBeenUsed";
    public static final String CANNOT_MODIFY_SYS_MANAGED_POLICY = "CannotModifySysManagedPolicy";
    public static final String CANNOT_MODIFY_BUILT_IN_PROPERTY = "CannotModifyBuiltInProperty";
    public static final String CANNOT_DELETE_UNARCHIVED_FEATURE_FLAG = "CannotDeleteUnarchivedFeatureFlag";
    public static final String CANNOT_DELETE_UNARCHIVED_SEGMENT = "CannotDeleteUnArchivedSegment";
    public static final String SEGMENT_IS_BEING_USED = "SegmentIsBeingUsed";
    public static final String END_USER_LIMIT_EXCEEDED = "EndUserLimitExceeded";
    public static final String EMAIL_PASSWORD_MISMATCH = "EmailPasswordMismatch";
    public static final String PASSWORD_TOO_SHORT = "PasswordTooShort";
    public static final String METHOD_NOT_ALLOWED = "MethodNotAllowed";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";

    private ErrorCodes() {
    }

    public static String required(String param) {
        return param + "_is_required";
    }

    public static String invalid(String param) {
        return param + "_is_invalid";
    }
}

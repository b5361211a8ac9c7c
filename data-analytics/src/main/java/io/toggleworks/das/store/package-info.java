/** Which analytics store the DAS reads: chosen by {@code DB_PROVIDER} among the providers on the class path. */
package io.toggleworks.das.store;

/** Environment secrets (SDK keys) and the connection tokens derived from them. */
package io.toggleworks.core.secret;

/**
 * Wire types of FeatBit's SDK protocol and message-queue payloads, as immutable records that serialize exactly with
 * {@link io.toggleworks.core.json.Json#mapper()}.
 */
package io.toggleworks.core.wire;

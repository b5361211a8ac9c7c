/** Segments: reusable sets of end users (included, excluded, rules), referenced from flag conditions. */
package io.toggleworks.core.segment;

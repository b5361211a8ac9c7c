/** Data Analytics Service (port 8200): flag insights, end-user lists and experiment results over the analytics store. */
package io.toggleworks.das;

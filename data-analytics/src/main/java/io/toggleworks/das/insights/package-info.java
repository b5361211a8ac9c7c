/**
 * FeatBit's flag insight routes (§5.3.1, §5.3.2): evaluation counts per variation per time bucket, and the end users
 * who evaluated a flag. Requests are read field by field so bad input is a 400 naming the field.
 */
package io.toggleworks.das.insights;

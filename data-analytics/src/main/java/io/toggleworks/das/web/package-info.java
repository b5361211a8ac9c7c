/** The DAS's HTTP conventions: FeatBit's {@code {code, error, data}} envelope, 4xx for bad input, request parsing. */
package io.toggleworks.das.web;

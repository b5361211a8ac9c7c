/** The end user a flag is evaluated for, with FeatBit's built-in and custom attributes. */
package io.toggleworks.core.enduser;

/** Feature flags as FeatBit's back end serializes them: variations, target users, rules, conditions, fallthrough. */
package io.toggleworks.core.flag;

/** JSON conventions shared by every module: FeatBit's "Web" serialization. */
package io.toggleworks.core.json;

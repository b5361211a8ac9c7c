package io.toggleworks.core.json;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes doubles as System.Text.Json does for integral values ({@code 1}, not {@code 1.0}), so that FeatBit's
 * rollout arrays ({@code [0,1]}) come out byte-identical. Non-integral values use Jackson's shortest form, which
 * differs from .NET only in exponent spelling ({@code 1.0E-5} vs {@code 1E-05}); every JSON reader treats both alike.
 */
final class DotNetDoubles {
    private DotNetDoubles() {
    }

    static void write(double d, JsonGenerator gen) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15 && !(d == 0 && 1 / d < 0)) {
            gen.writeNumber((long) d);
        } else {
            gen.writeNumber(d);
        }
    }

    static final class Boxed extends ValueSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializationContext ctxt) {
            write(value, gen);
        }
    }

    static final class BoxedFloat extends ValueSerializer<Float> {
        @Override
        public void serialize(Float value, JsonGenerator gen, SerializationContext ctxt) {
            float f = value;
            if (f == Math.rint(f) && Math.abs(f) < 1e7f && !(f == 0 && 1 / f < 0)) {
                gen.writeNumber((long) f);
            } else {
                gen.writeNumber(f);
            }
        }
    }

    static final class Array extends ValueSerializer<double[]> {
        @Override
        public void serialize(double[] value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeStartArray(value, value.length);
            for (double d : value) {
                write(d, gen);
            }
            gen.writeEndArray();
        }
    }
}

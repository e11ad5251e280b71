package io.attnrec.nn.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/** The trainable weight tables of the networks (item and position embeddings, projections). */
public final class Weights {

    private Weights() {}

    /** A trainable weight named {@code name} of {@code shape}, drawn by {@code initializer}. */
    public static Parameter weight(String name, Shape shape, Initializer initializer) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(shape)
                .optInitializer(initializer)
                .build();
    }
}

package io.extracontext.spring.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Contexts;
import org.junit.jupiter.api.Test;

/** {@code mvn verify} runs the README's Reactor example: it throws if what it shows is not true. */
class ReactorExampleTest {
    @Test
    void theReactorExamplePassesItsOwnChecksAndLeavesTheCallerClean() {
        ReactorExample.main(new String[0]);
        assertTrue(Contexts.copyContext().isEmpty());
    }
}

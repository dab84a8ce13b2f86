package io.extracontext.spring.boot;

import io.extracontext.ContextVar;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A servlet application with the auto-configuration, one {@code request_id} variable and the MDC key {@code requestId} bound to it. */
final class MdcWebApplications {
    private MdcWebApplications() {}

    @Configuration(proxyBeanMethods = false)
    static class Variables {
        @Bean
        ContextVar<String> requestId() {
            return new ContextVar<>("request_id");
        }
    }

    /** The runner, with {@code extra} properties after the MDC binding. */
    static WebApplicationContextRunner runner(String... extra) {
        String[] properties = new String[extra.length + 1];
        properties[0] = "extracontext.mdc.requestId=request_id";
        System.arraycopy(extra, 0, properties, 1, extra.length);
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ExtraContextAutoConfiguration.class))
                .withUserConfiguration(Variables.class)
                .withPropertyValues(properties);
    }
}

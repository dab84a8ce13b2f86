package io.extracontext.spring.boot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;

/**
 * The auto-configuration behind {@code extracontext-spring-boot-starter}: each HTTP request in a
 * fresh context with headers bound to {@code ContextVar} beans, MDC keys bound to variables, Boot's
 * executors carrying the context, every {@code @Scheduled} run starting from an empty context, and a
 * startup report (logger {@value #LOGGER_NAME}).
 *
 * <pre>{@code
 * @Bean ContextVar<String> requestId() { return new ContextVar<>("request_id"); }
 * }</pre>
 */
@AutoConfiguration(before = {TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class})
@EnableConfigurationProperties(ExtraContextProperties.class)
public class ExtraContextAutoConfiguration {
    /** The logger of the startup report and of skipped header values. */
    public static final String LOGGER_NAME = "io.extracontext.spring.boot";

    /** Created by Spring Boot. */
    public ExtraContextAutoConfiguration() {}

    @Bean
    static ContextVariables extraContextVariables(org.springframework.beans.factory.config.ConfigurableListableBeanFactory beans) {
        return new ContextVariables(beans);
    }

    @Bean
    @ConditionalOnClass(name = {"io.extracontext.slf4j.ContextMdc", "org.slf4j.MDC"})
    static MdcTakeover extraContextMdcTakeover(Environment environment) {
        // Bound here from the same class, default included: a BeanFactoryPostProcessor is made before
        // the properties bean exists.
        ExtraContextProperties.Logging logging = Binder.get(environment)
                .bind("extracontext.logging", ExtraContextProperties.Logging.class)
                .orElseGet(ExtraContextProperties.Logging::new);
        return new MdcTakeover(logging.isTakeOverMdc());
    }

    @Bean
    @ConditionalOnClass(name = "io.extracontext.slf4j.ContextMdc")
    static MdcBindings extraContextMdcBindings(ExtraContextProperties properties, ContextVariables variables) {
        return new MdcBindings(properties.getMdc(), variables);
    }

    @Bean
    static StartupReport extraContextStartupReport(ExtraContextProperties properties, ApplicationContext beans,
            ObjectProvider<ExtraContextServletFilter> filter, ObjectProvider<ExtraContextWebFilter> webFilter,
            ObjectProvider<MdcBindings> mdc, ObjectProvider<ScheduledRunsConfigurer> scheduled,
            ObjectProvider<MdcTakeover> takeover) {
        ExtraContextServletFilter servlet = filter.getIfAvailable();
        ExtraContextWebFilter reactive = webFilter.getIfAvailable();
        List<HeaderBinding> headers = servlet != null ? servlet.headers()
                : reactive != null ? reactive.headers() : Collections.emptyList();
        return new StartupReport(properties, beans, headers, mdc.getIfAvailable(), scheduled.getIfAvailable(),
                beans.getEnvironment(), takeover.getIfAvailable());
    }

    /** The {@code extracontext.web.headers.*} bindings, resolved against the {@code ContextVar} beans. */
    static List<HeaderBinding> headerBindings(ExtraContextProperties properties, ContextVariables variables) {
        List<HeaderBinding> bindings = new ArrayList<>();
        int max = properties.getWeb().getMaxHeaderLength();
        for (Map.Entry<String, String> entry : properties.getWeb().getHeaders().entrySet()) {
            bindings.add(new HeaderBinding(entry.getKey(),
                    variables.resolveForStrings("extracontext.web.headers." + entry.getKey(), entry.getValue()), max));
        }
        return bindings;
    }

    /** Servlet applications: the per-request filter. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"jakarta.servlet.Filter", "org.springframework.web.filter.OncePerRequestFilter"})
    @ConditionalOnProperty(prefix = "extracontext.web", name = "enabled", matchIfMissing = true)
    static class Servlet {
        @Bean
        ExtraContextServletFilter extraContextServletFilter(ExtraContextProperties properties,
                ContextVariables variables) {
            boolean foreignMdc = ForeignMdc.present() && !ForeignMdc.isOurs();
            return new ExtraContextServletFilter(headerBindings(properties, variables), foreignMdc);
        }
    }

    /**
     * WebFlux applications: the per-exchange filter, and Reactor's automatic context propagation
     * (without it, operators on other threads would see no context), switched on unless
     * {@code spring.reactor.context-propagation} says otherwise.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = {"org.springframework.web.server.WebFilter", "reactor.core.publisher.Hooks",
        "io.extracontext.micrometer.ExtraContextAccessor"})
    @ConditionalOnProperty(prefix = "extracontext.web", name = "enabled", matchIfMissing = true)
    static class Reactive {
        @Bean
        ExtraContextWebFilter extraContextWebFilter(ExtraContextProperties properties, ContextVariables variables,
                Environment environment) {
            if (environment.getProperty(ReactorPropagation.PROPERTY) == null) {
                ReactorPropagation.enable();
            }
            return new ExtraContextWebFilter(headerBindings(properties, variables));
        }
    }

    /** Outgoing calls through the {@code RestClient.Builder} Boot makes: the bound variables as headers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.restclient.RestClientCustomizer")
    @ConditionalOnProperty(prefix = "extracontext.web", name = "send-headers", matchIfMissing = true)
    static class RestClients {
        @Bean
        org.springframework.boot.restclient.RestClientCustomizer extraContextRestClientHeaders(
                ExtraContextProperties properties, ContextVariables variables) {
            OutgoingHeaders headers = new OutgoingHeaders(headerBindings(properties, variables));
            return builder -> builder.requestInterceptor(ClientBuilders.RestClients.interceptor(() -> headers));
        }
    }

    /** Outgoing calls through the {@code WebClient.Builder} Boot makes: the bound variables as headers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.webclient.WebClientCustomizer",
        "org.springframework.web.reactive.function.client.ExchangeFilterFunction"})
    @ConditionalOnProperty(prefix = "extracontext.web", name = "send-headers", matchIfMissing = true)
    static class WebClients {
        @Bean
        org.springframework.boot.webclient.WebClientCustomizer extraContextWebClientHeaders(
                ExtraContextProperties properties, ContextVariables variables) {
            OutgoingHeaders headers = new OutgoingHeaders(headerBindings(properties, variables));
            return builder -> builder.filter(ClientBuilders.WebClients.filter(() -> headers));
        }
    }

    /** Spring Boot 3.x's {@code RestClient.Builder} beans (Boot 4 has the customizer above): the bound variables as headers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.client.RestClient")
    @ConditionalOnMissingClass("org.springframework.boot.restclient.RestClientCustomizer")
    @ConditionalOnProperty(prefix = "extracontext.web", name = "send-headers", matchIfMissing = true)
    static class Boot3RestClients {
        @Bean
        static ClientBuilders.RestClients extraContextBoot3RestClientHeaders(
                ObjectProvider<ExtraContextProperties> properties, ObjectProvider<ContextVariables> variables) {
            return new ClientBuilders.RestClients(new ClientBuilders.Headers(properties, variables));
        }
    }

    /** Spring Boot 3.x's {@code WebClient.Builder} beans (Boot 4 has the customizer above): the bound variables as headers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
    @ConditionalOnMissingClass("org.springframework.boot.webclient.WebClientCustomizer")
    @ConditionalOnProperty(prefix = "extracontext.web", name = "send-headers", matchIfMissing = true)
    static class Boot3WebClients {
        @Bean
        static ClientBuilders.WebClients extraContextBoot3WebClientHeaders(
                ObjectProvider<ExtraContextProperties> properties, ObjectProvider<ContextVariables> variables) {
            return new ClientBuilders.WebClients(new ClientBuilders.Headers(properties, variables));
        }
    }

    /** Boot's executors and schedulers, and {@code @Scheduled} runs. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "extracontext.executors", name = "enabled", matchIfMissing = true)
    static class Executors {
        @Bean
        ContextTaskDecorator extraContextTaskDecorator() {
            return new ContextTaskDecorator();
        }

        @Bean
        static ScheduledRunsConfigurer extraContextScheduledRuns(ObjectProvider<TaskScheduler> schedulers,
                ListableBeanFactory beans) {
            return new ScheduledRunsConfigurer(schedulers, beans);
        }
    }
}

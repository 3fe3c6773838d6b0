package io.jobsuite.worker.orders;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The example order workflow's handlers and their settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrderMailProperties.class)
class OrdersConfiguration {

}

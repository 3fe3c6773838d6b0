package io.jobsuite.api.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's OpenAPI description at {@code /v3/api-docs}: the JSON endpoints under /api
 * and how to log in.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI jobSuiteApi() {
		return new OpenAPI()
			.info(new Info().title("jobsuite API")
				.description("Sync Now, job status, generic enqueue (ops) and the ops admin API. HTTP Basic with the "
						+ "demo users locally; a JWT bearer token from the identity provider in AWS.")
				.version("v1"))
			.components(new Components()
				.addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList("basic"))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

}

package io.jobsuite.worker.orders;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The order workflow's emails; the SMTP server itself is {@code spring.mail.*}.
 *
 * @param from the sender of confirmations (with SES, a verified identity)
 */
@Validated
@ConfigurationProperties("jobs.orders.mail")
record OrderMailProperties(@NotBlank @Email String from) {

	/** The domain of the sender, which names the confirmations' Message-IDs. */
	String domain() {
		return from.substring(from.indexOf('@') + 1);
	}

}

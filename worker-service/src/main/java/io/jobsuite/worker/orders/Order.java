package io.jobsuite.worker.orders;

import java.time.Instant;

/**
 * An order as its tasks read it.
 *
 * @param id the order
 * @param email where its confirmation goes
 * @param sku what was ordered
 * @param quantity how many
 * @param confirmationSentAt when its confirmation was handed to the SMTP server, or null
 */
record Order(long id, String email, String sku, int quantity, Instant confirmationSentAt) {

	/**
	 * The confirmation's Message-ID: the same for every copy a retry sends, so that
	 * receivers can tell a copy from a new mail.
	 */
	String confirmationMessageId(String domain) {
		return "<order-" + id + "-confirmation@" + domain + ">";
	}

}

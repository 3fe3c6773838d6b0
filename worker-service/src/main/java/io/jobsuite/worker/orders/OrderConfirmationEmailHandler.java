package io.jobsuite.worker.orders;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.worker.handler.JobContext;
import io.jobsuite.worker.handler.JobHandler;

import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends an order's confirmation through the configured SMTP server
 * ({@code spring.mail.*}).
 * <p>
 * What is guaranteed: a run that finds the order's sent marker sends nothing, and a run
 * whose lease is gone sends nothing (the fence is checked just before the send). What is
 * not: SMTP shares no transaction with MySQL, so a worker that dies, loses its lease or
 * times out after the server accepted the mail but before the marker is committed leaves
 * the mail unmarked, and the retry sends it again. The mail is at least once, never lost;
 * every copy carries the same Message-ID, by which mail clients and filters can drop the
 * copy.
 */
@Component
class OrderConfirmationEmailHandler implements JobHandler<OrderTask, OrderConfirmationEmailHandler.Sent> {

	// Only carries the message: the sender sends it through its own configured session.
	private static final Session MESSAGE_SESSION = Session.getInstance(new Properties());

	private final OrderStore orders;

	private final JavaMailSender mail;

	private final OrderMailProperties properties;

	OrderConfirmationEmailHandler(OrderStore orders, JavaMailSender mail, OrderMailProperties properties) {
		this.orders = orders;
		this.mail = mail;
		this.properties = properties;
	}

	@Override
	public JobType type() {
		return JobTypes.ORDER_CONFIRMATION_EMAIL;
	}

	@Override
	public Class<OrderTask> payloadType() {
		return OrderTask.class;
	}

	@Override
	public Sent handle(OrderTask task, JobContext context) throws MessagingException {
		Order order = context.fenced(() -> orders.order(task.orderId()));
		String messageId = order.confirmationMessageId(properties.domain());
		if (order.confirmationSentAt() != null) {
			return new Sent(order.email(), messageId, false);
		}
		mail.send(confirmation(order, messageId));
		context.fenced(() -> orders.markConfirmationSent(order.id(), context.jobId()));
		return new Sent(order.email(), messageId, true);
	}

	private MimeMessage confirmation(Order order, String messageId) throws MessagingException {
		MimeMessage message = new StableIdMessage(messageId);
		MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
		helper.setFrom(properties.from());
		helper.setTo(order.email());
		helper.setSubject("Order " + order.id() + " confirmed");
		helper.setText("Thank you for your order " + order.id() + ": " + order.quantity() + " x " + order.sku()
				+ ".\nYour invoice follows once the items are reserved.\n");
		return message;
	}

	/**
	 * What the run did.
	 *
	 * @param to the recipient
	 * @param messageId the confirmation's Message-ID
	 * @param sent false when an earlier run had sent it
	 */
	record Sent(String to, String messageId, boolean sent) {

	}

	/**
	 * A message that keeps its Message-ID: Jakarta Mail gives a new one on every save.
	 */
	private static final class StableIdMessage extends MimeMessage {

		private final String messageId;

		StableIdMessage(String messageId) {
			super(MESSAGE_SESSION);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", messageId);
		}

	}

}

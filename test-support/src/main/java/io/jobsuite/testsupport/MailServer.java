package io.jobsuite.testsupport;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real SMTP server in this JVM (GreenMail) on a free loopback port: point a service's
 * {@code spring.mail.*} at it with {@link #register} and read what it received.
 */
public final class MailServer implements AutoCloseable {

	private final GreenMail greenMail;

	private MailServer(GreenMail greenMail) {
		this.greenMail = greenMail;
	}

	public static MailServer start() {
		GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		greenMail.start();
		return new MailServer(greenMail);
	}

	public int smtpPort() {
		return greenMail.getSmtp().getPort();
	}

	/** Points a Spring context's mail sender at this server. */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", this::smtpPort);
	}

	/** Every message received so far, in order. */
	public List<MimeMessage> received() {
		return List.of(greenMail.getReceivedMessages());
	}

	/** The messages received so far for {@code address}. */
	public List<MimeMessage> receivedFor(String address) {
		return received().stream().filter(message -> isFor(message, address)).toList();
	}

	private static boolean isFor(MimeMessage message, String address) {
		try {
			return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
				.anyMatch(to -> to.toString().equalsIgnoreCase(address));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		greenMail.stop();
	}

}

package io.jobsuite.local;

import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server in this JVM (GreenMail) for the order workflow's emails. It keeps what
 * it receives in memory and prints a line for each mail, so the demo shows the mail the
 * worker really sent.
 */
final class LocalMail implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalMail.class);

	private final GreenMail greenMail;

	private final ScheduledExecutorService printer;

	private int printed;

	private LocalMail(GreenMail greenMail) {
		this.greenMail = greenMail;
		this.printer = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "local-mail");
			thread.setDaemon(true);
			return thread;
		});
		printer.scheduleWithFixedDelay(this::printNewMail, 1, 1, TimeUnit.SECONDS);
	}

	static LocalMail start(int port) {
		GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		greenMail.start();
		return new LocalMail(greenMail);
	}

	int port() {
		return greenMail.getSmtp().getPort();
	}

	private void printNewMail() {
		MimeMessage[] received = greenMail.getReceivedMessages();
		for (; printed < received.length; printed++) {
			MimeMessage mail = received[printed];
			try {
				log.info("Mail received by the local SMTP server: to {} subject '{}' Message-ID {}",
						Arrays.toString(mail.getAllRecipients()), mail.getSubject(), mail.getMessageID());
			}
			catch (MessagingException ex) {
				log.warn("A received mail could not be read: {}", ex.toString());
			}
		}
	}

	@Override
	public void close() {
		printer.shutdownNow();
		greenMail.stop();
	}

}

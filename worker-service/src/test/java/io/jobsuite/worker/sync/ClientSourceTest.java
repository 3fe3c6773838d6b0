package io.jobsuite.worker.sync;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** How the sync finds a source's next page in its {@code Link} header (RFC 8288). */
class ClientSourceTest {

	private static final URI PAGE_1 = URI.create("http://source.test/clients/7/records");

	@Test
	void aRelativeNextLinkResolvesAgainstThePageItCameWith() {
		assertThat(ClientSource.nextPage(PAGE_1, links("</clients/7/records?page=2>; rel=\"next\"")))
			.isEqualTo(URI.create("http://source.test/clients/7/records?page=2"));
	}

	@Test
	void theNextLinkIsFoundAmongOthersInOneHeader() {
		assertThat(ClientSource.nextPage(PAGE_1, links(
				"<http://source.test/r?page=1>; rel=\"prev\", <http://source.test/r?page=3>; rel=\"next\", <http://source.test/r?page=9>; rel=\"last\"")))
			.isEqualTo(URI.create("http://source.test/r?page=3"));
	}

	@Test
	void aPageWithoutANextLinkIsTheLast() {
		assertThat(ClientSource.nextPage(PAGE_1, new HttpHeaders())).isNull();
		assertThat(ClientSource.nextPage(PAGE_1, links("<http://source.test/r?page=1>; rel=\"prev\""))).isNull();
	}

	private static HttpHeaders links(String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.LINK, value);
		return headers;
	}

}

package io.jobsuite.api.clients;

import io.jobsuite.api.security.Roles;
import io.jobsuite.api.web.Paging;
import io.jobsuite.api.web.ProblemException;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * Who may see which client: ops every one, a user the clients they own. Someone else's
 * client answers exactly like a missing one (404), so that ids do not tell which clients
 * exist.
 */
@Service
public class ClientAccess {

	private static final int MAX_PAGE_SIZE = 200;

	private final ClientRepository clients;

	ClientAccess(ClientRepository clients) {
		this.clients = clients;
	}

	/** The client, or 404 when it does not exist or belongs to someone else. */
	public Client visibleClient(long clientId, Authentication caller) {
		return clients.findById(clientId)
			.filter(client -> Roles.isOps(caller) || client.getOwner().equals(caller.getName()))
			.orElseThrow(() -> ProblemException.notFound("client", clientId));
	}

	/**
	 * Whether the caller may see a job of this client (jobs without a client are for ops
	 * only).
	 */
	public boolean mayRead(Long clientId, Authentication caller) {
		if (Roles.isOps(caller)) {
			return true;
		}
		return clientId != null
				&& clients.findById(clientId).map(client -> client.getOwner().equals(caller.getName())).orElse(false);
	}

	/** The clients the caller may see, by id, one page (of at most 200). */
	public Page<ClientView> visibleClients(Authentication caller, int page, int size) {
		Pageable request = Paging.of(page, size, MAX_PAGE_SIZE, Sort.by("id"));
		return (Roles.isOps(caller) ? clients.findAll(request) : clients.findByOwner(caller.getName(), request))
			.map(ClientView::of);
	}

}

"""The start page of a logged-in user: who they act for and what they can reach."""

from kompetensnav.accounts.acting import affiliations_of


def dashboard_context(user) -> dict:
    from kompetensnav.network.selectors import network_summary

    return {
        "affiliations": affiliations_of(user),
        "summary": network_summary(),
    }

"""CIPS site agent: delivers finished scans from a scanner's export folder to the
centre over tus, whatever the link does. Runs on the scanner workstation; no Flask."""

__version__ = "0.1.0"

"""Errors of the 报送 exchange, importable without loading openpyxl."""


class PackageError(Exception):
    """Why a file is refused, in Chinese, for the clerk and the receipt."""

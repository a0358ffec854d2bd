"""vnnews: corpus → tokens → terms, themes and officials for Vietnamese news on Vietnam–Russia relations."""

__version__ = "0.1.0"

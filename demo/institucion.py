"""La institución de la demostración (y de las pruebas): el Ayuntamiento de Tampacán, S.L.P."""

from __future__ import annotations

from pathlib import Path

import analisis

# La lista de Tampacán; se ubica sin importar analisis.menciones (que carga spaCy).
RUTA_VIGILANCIA = Path(analisis.__file__).with_name("vigilancia.toml")

# Variables de entorno que `monitoreo demo` fija; un despliegue real pone las suyas en su .env.
INSTITUCION_DEMO: dict[str, str] = {
    "MONITOREO_INSTITUCION": "H. Ayuntamiento de Tampacán",
    "MONITOREO_ESTADO": "San Luis Potosí",
    "MONITOREO_ESTADO_ABREVIATURA": "S.L.P.",
    "MONITOREO_MUNICIPIO": "Tampacán",
    # Catálogo INEGI de municipios: entidad 24 (San Luis Potosí), municipio 038.
    "MONITOREO_MUNICIPIO_INEGI": "24038",
    "MONITOREO_VIGILANCIA": str(RUTA_VIGILANCIA),
    "MONITOREO_FORMATO_TRANSPARENCIA": "LTAIPSLP84XXIXB",
}

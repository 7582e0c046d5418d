"""Mundo de demostración: medios ficticios de la Huasteca potosina servidos por HTTP local.

Uso (lo que hace `monitoreo demo`)::

    mundo = mundo.construir(hoy)                      # determinista con la semilla
    sitios.escribir_sitios(mundo, carpeta)            # carpeta/<slug>/... y _sitios.json
    with servidor.ServidorDemo(carpeta) as srv:       # un servidor por medio en 127.0.0.N
        cargar.cargar(sesion, mundo, srv.urls)        # medios, fuentes, oficina, radio/TV/Facebook
        ...                                           # rastrear: las notas web e impresas

`NotaDemo.verdad` dice qué boletín retoma cada nota y con qué nivel; `Mundo.url(nota, urls)` da
la URL con que el rastreador la guardará. Los textos viven en `contenido/*.toml` y las plantillas
HTML de cada medio en `contenido/*.html`.
"""

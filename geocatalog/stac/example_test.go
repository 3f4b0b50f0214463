package stac_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// Build an item, check it before writing it to a catalog and encode it.
func ExampleNewItem() {
	footprint := orb.Polygon{{{-84.44, 33.62}, {-84.37, 33.62}, {-84.37, 33.69}, {-84.44, 33.69}, {-84.44, 33.62}}}
	it := stac.NewItem("ga_m_3308421_se_16_060_20211114")
	it.Collection = "naip-atl"
	it.Geometry = stac.MustGeometry(footprint)
	b := footprint.Bound()
	it.BBox = []float64{b.Min.X(), b.Min.Y(), b.Max.X(), b.Max.Y()}
	dt := time.Date(2021, 11, 14, 16, 0, 0, 0, time.UTC)
	it.Properties.Datetime = &dt
	_ = it.Properties.Set("gsd", 0.6)
	_ = it.Properties.Set("naip:state", "ga")
	it.Assets["image"] = &stac.Asset{
		Href:  "https://example.blob.core.windows.net/naip/m_3308421_se_16_060_20211114.tif",
		Type:  "image/tiff; application=geotiff; profile=cloud-optimized",
		Roles: []string{"data"},
	}

	if err := stac.ValidateItem(it); err != nil {
		fmt.Println(err)
		return
	}
	out, _ := json.MarshalIndent(it, "", "  ")
	fmt.Println(string(out))
	// Output:
	// {
	//   "type": "Feature",
	//   "stac_version": "1.0.0",
	//   "id": "ga_m_3308421_se_16_060_20211114",
	//   "collection": "naip-atl",
	//   "geometry": {
	//     "type": "Polygon",
	//     "coordinates": [
	//       [
	//         [
	//           -84.44,
	//           33.62
	//         ],
	//         [
	//           -84.37,
	//           33.62
	//         ],
	//         [
	//           -84.37,
	//           33.69
	//         ],
	//         [
	//           -84.44,
	//           33.69
	//         ],
	//         [
	//           -84.44,
	//           33.62
	//         ]
	//       ]
	//     ]
	//   },
	//   "bbox": [
	//     -84.44,
	//     33.62,
	//     -84.37,
	//     33.69
	//   ],
	//   "properties": {
	//     "datetime": "2021-11-14T16:00:00Z",
	//     "gsd": 0.6,
	//     "naip:state": "ga"
	//   },
	//   "links": [],
	//   "assets": {
	//     "image": {
	//       "href": "https://example.blob.core.windows.net/naip/m_3308421_se_16_060_20211114.tif",
	//       "type": "image/tiff; application=geotiff; profile=cloud-optimized",
	//       "roles": [
	//         "data"
	//       ]
	//     }
	//   }
	// }
}

// Build a search request with a CQL2-JSON filter, sorting and a datetime range.
func ExampleSearchRequest() {
	req := stac.SearchRequest{
		Collections: []string{"naip-atl"},
		Datetime:    stac.DatetimeFrom(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)),
		Filter:      json.RawMessage(`{"op":"=","args":[{"property":"naip:state"},"ga"]}`),
		FilterLang:  stac.FilterLangCQL2JSON,
		SortBy:      []stac.SortBy{{Field: "datetime", Direction: stac.SortDesc}},
		Fields:      &stac.Fields{Exclude: []string{"links"}},
		Limit:       100,
		Sign:        stac.Bool(true),
	}
	body, _ := json.Marshal(req)
	fmt.Println(string(body))
	// Output:
	// {"collections":["naip-atl"],"datetime":"2021-01-01T00:00:00Z/..","limit":100,"sortby":[{"field":"datetime","direction":"desc"}],"fields":{"exclude":["links"]},"filter":{"op":"=","args":[{"property":"naip:state"},"ga"]},"filter-lang":"cql2-json","sign":true}
}

// Every problem of an item is listed, each with its field.
func ExampleValidateItem() {
	it := stac.NewItem("bad/id")
	it.Assets["image"] = &stac.Asset{Href: "image.tif"}
	err := stac.ValidateItem(it)
	var ve *stac.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s: %s\n", p.Field, p.Reason)
		}
	}
	// Output:
	// id: contains '/'; only letters, digits, '-', '_' and '.' are allowed
	// properties.datetime: required: a timestamp, or null with start_datetime and end_datetime
	// assets.image.href: must be an absolute URL (http, https, abfs, s3, ...), not the relative reference "image.tif"
}
